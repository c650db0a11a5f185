package org.vdi.portal.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.ws.rs.Path;

import org.junit.jupiter.api.Test;
import org.vdi.broker.application.Caller;
import org.vdi.broker.application.ConsoleTicketService;
import org.vdi.broker.application.IssuedTicket;
import org.vdi.console.api.Redemption;
import org.vdi.broker.application.SpiceTicket;
import org.vdi.portal.rest.ConsoleDtos.SpiceTicketDto;
import org.vdi.portal.rest.ConsoleDtos.TicketDto;

class TicketKindTest {

    private static final UUID DESKTOP = UUID.randomUUID();
    private static final Caller ALICE = new Caller("alice", Set.of("/staff"), Set.of(Caller.USER_ROLE));
    private static final Instant UNTIL = Instant.parse("2030-01-01T00:00:30Z");

    /** Records which of the broker's two calls a kind made, and with what. */
    private static final class RecordingTickets implements ConsoleTicketService {
        final List<String> calls = new ArrayList<>();

        @Override
        public IssuedTicket issue(UUID desktopId, Caller caller, String loginSession) {
            calls.add("issue " + desktopId + " " + caller.name() + " " + loginSession);
            return new IssuedTicket("vnc-ticket", desktopId, UNTIL);
        }

        @Override
        public SpiceTicket issueSpice(UUID desktopId, Caller caller, String loginSession) {
            calls.add("issueSpice " + desktopId + " " + caller.name() + " " + loginSession);
            return new SpiceTicket(new IssuedTicket("spice-ticket", desktopId, UNTIL), "secret",
                    UNTIL.plusSeconds(30));
        }

        @Override
        public Redemption redeem(String ticket, String clientAddress) {
            throw new AssertionError("a ticket request redeems nothing");
        }

        @Override
        public void refuse(String ticket, String reason, String clientAddress) {
            throw new AssertionError("a ticket request refuses nothing");
        }
    }

    @Test
    void eachPathNamesItsKind() {
        assertEquals(TicketKind.CONSOLE, TicketKind.ofPath("console-tickets"));
        assertEquals(TicketKind.SPICE, TicketKind.ofPath("spice-tickets"));
        assertThrows(IllegalArgumentException.class, () -> TicketKind.ofPath("spice.vv"));
        assertThrows(IllegalArgumentException.class, () -> TicketKind.ofPath(null));
    }

    @Test
    void theResourcesPathServesEveryKindAndNothingElse() {
        String template = TicketsResource.class.getAnnotation(Path.class).value();
        Matcher m = Pattern.compile("^/desktops/\\{id\\}/\\{kind: ([^}]+)\\}$").matcher(template);
        assertTrue(m.matches(), template);
        Pattern kinds = Pattern.compile(m.group(1));
        // the two paths the API promises, each to its own kind, and every kind reachable
        Map<String, TicketKind> promised = Map.of("console-tickets", TicketKind.CONSOLE,
                "spice-tickets", TicketKind.SPICE);
        promised.forEach((segment, kind) -> {
            assertTrue(kinds.matcher(segment).matches(), segment);
            assertEquals(kind, TicketKind.ofPath(segment));
        });
        assertEquals(EnumSet.allOf(TicketKind.class), EnumSet.copyOf(promised.values()));
        assertTrue(!kinds.matcher("spice.vv").matches() && !kinds.matcher("actions").matches());
    }

    @Test
    void theConsoleKindAsksForAVncTicketAndPointsAtTheTunnel() {
        RecordingTickets tickets = new RecordingTickets();
        String url = ConsoleUrls.url(Optional.empty(), "https", "vdi.example.com", TicketKind.CONSOLE.endpoint());
        assertEquals("wss://vdi.example.com/console/tunnel", url);
        Object body = TicketKind.CONSOLE.issue(tickets, DESKTOP, ALICE, "sid-1", url);
        assertEquals(new TicketDto("vnc-ticket", url, UNTIL), body);
        assertEquals(List.of("issue " + DESKTOP + " alice sid-1"), tickets.calls);
    }

    @Test
    void theSpiceKindAsksForASpiceTicketAndPointsAtTheBridge() {
        RecordingTickets tickets = new RecordingTickets();
        String url = ConsoleUrls.url(Optional.empty(), "http", "localhost:8080", TicketKind.SPICE.endpoint());
        assertEquals("ws://localhost:8080/console/spice", url);
        Object body = TicketKind.SPICE.issue(tickets, DESKTOP, ALICE, null, url);
        assertEquals(new SpiceTicketDto("spice-ticket", url, UNTIL, "secret", UNTIL.plusSeconds(30)), body);
        assertEquals(List.of("issueSpice " + DESKTOP + " alice null"), tickets.calls);
    }
}
