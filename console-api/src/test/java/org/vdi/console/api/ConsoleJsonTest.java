package org.vdi.console.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class ConsoleJsonTest {

    private static final String PASSWORD = "s3cret-VNC-pw";

    private static Redemption redemption(String loginSession) {
        return new Redemption(UUID.randomUUID(), "vnc", "10.1.2.3", 5901, PASSWORD, UUID.randomUUID(), "demo-1",
                "alice", loginSession, false);
    }

    @Test
    void aRedemptionSurvivesTheTrip() throws Exception {
        Redemption r = redemption("sid-1");
        assertEquals(r, ConsoleJson.redemption(ConsoleJson.toJson(r)));
        Redemption bearer = redemption(null);
        assertEquals(bearer, ConsoleJson.redemption(ConsoleJson.toJson(bearer)));
    }

    @Test
    void requestsSurviveTheTrip() throws Exception {
        ConsoleCalls.Redeem redeem = new ConsoleCalls.Redeem("t.k", "10.0.0.9");
        assertEquals(redeem, ConsoleJson.redeem(ConsoleJson.toJson(redeem)));
        ConsoleCalls.Refuse refuse = new ConsoleCalls.Refuse("t.k", "origin https://evil is not allowed", "::1");
        assertEquals(refuse, ConsoleJson.refuse(ConsoleJson.toJson(refuse)));
        ConsoleCalls.End end = new ConsoleCalls.End(12L, 1L << 40, "closed by the browser (1000)");
        assertEquals(end, ConsoleJson.end(ConsoleJson.toJson(end)));
        ConsoleCalls.Poll poll = new ConsoleCalls.Poll(List.of(UUID.randomUUID(), UUID.randomUUID()),
                List.of(UUID.randomUUID()));
        assertEquals(poll, ConsoleJson.poll(ConsoleJson.toJson(poll)));
        Map<UUID, String> close = new LinkedHashMap<>();
        close.put(UUID.randomUUID(), "terminated by an administrator");
        close.put(UUID.randomUUID(), "the desktop was released");
        assertEquals(close, ConsoleJson.close(ConsoleJson.toJson(new ConsoleCalls.Close(close))).sessions());
    }

    @Test
    void aMissingFieldIsATypedRefusal() {
        ConsoleRefusedException noTicket = assertThrows(ConsoleRefusedException.class,
                () -> ConsoleJson.redeem("{\"clientAddr\":\"::1\"}"));
        assertEquals(Refusal.INVALID_INPUT, noTicket.refusal());
        assertEquals("ticket is required", noTicket.getMessage());
        assertEquals(Refusal.INVALID_INPUT, assertThrows(ConsoleRefusedException.class,
                () -> ConsoleJson.redeem("")).refusal(), "no body at all");
        assertEquals(Refusal.INVALID_INPUT, assertThrows(ConsoleRefusedException.class,
                () -> ConsoleJson.refuse("{\"ticket\":\"t\"}")).refusal());
        assertEquals(Refusal.INVALID_INPUT, assertThrows(ConsoleRefusedException.class,
                () -> ConsoleJson.poll("{\"live\":[\"not-a-uuid\"]}")).refusal());
        assertEquals(Refusal.INVALID_INPUT, assertThrows(ConsoleRefusedException.class,
                () -> ConsoleJson.redeem("[1,2]")).refusal());

        String json = ConsoleJson.toJson(redemption("sid")).replace("\"host\"", "\"hostname\"");
        ConsoleRefusedException noHost = assertThrows(ConsoleRefusedException.class,
                () -> ConsoleJson.redemption(json));
        assertEquals(Refusal.UNREACHABLE, noHost.refusal(), "an answer console-proxy cannot use");
        assertFalse(noHost.getMessage().contains(PASSWORD), noHost.getMessage());
        assertEquals(Refusal.UNREACHABLE, assertThrows(ConsoleRefusedException.class,
                () -> ConsoleJson.close("{}")).refusal());
    }

    @Test
    void reportsMayLeaveOutWhatIsNone() throws Exception {
        assertEquals(new ConsoleCalls.End(0, 0, null), ConsoleJson.end(""));
        assertEquals(new ConsoleCalls.Poll(List.of(), List.of()), ConsoleJson.poll("{}"));
        UUID id = UUID.randomUUID();
        assertEquals(Map.of(id, "closed by the broker"),
                ConsoleJson.close("{\"close\":[{\"id\":\"" + id + "\"}]}").sessions());
    }

    @Test
    void errorAnswersBecomeTheirRefusal() {
        ConsoleRefusedException used = ConsoleJson.refusal(403, ConsoleJson.error(Refusal.TICKET_USED,
                "this console ticket was already used"));
        assertEquals(Refusal.TICKET_USED, used.refusal());
        assertEquals("this console ticket was already used", used.forPeople());

        ConsoleRefusedException key = ConsoleJson.refusal(503, ConsoleJson.error(Refusal.NOT_CONFIGURED,
                "set VDI_PROXY_KEY"));
        assertEquals(Refusal.NOT_CONFIGURED, key.refusal());
        assertEquals(Refusal.NOT_CONFIGURED.message(), key.forPeople(), "setup details are not for users");

        ConsoleRefusedException html = ConsoleJson.refusal(502, "<html>Bad Gateway</html>");
        assertEquals(Refusal.UNREACHABLE, html.refusal());
        assertTrue(html.getMessage().contains("502"), html.getMessage());
        assertEquals(Refusal.UNREACHABLE, ConsoleJson.refusal(418, "{\"code\":\"teapot\"}").refusal());
    }

    @Test
    void thePasswordNeverShowsInToString() {
        Redemption r = redemption("sid");
        assertFalse(r.toString().contains(PASSWORD), r.toString());
        assertTrue(r.toString().contains("alice") && r.toString().contains(r.sessionId().toString()), r.toString());
        assertTrue(ConsoleJson.toJson(r).contains(PASSWORD), "the wire carries it; only logs must not");
    }
}
