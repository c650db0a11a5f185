package org.vdi.portal.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vdi.portal.it.ApiClient;
import org.vdi.portal.it.Broker;
import org.vdi.portal.it.Db;
import org.vdi.portal.it.ItEnv;
import org.vdi.portal.it.Json;
import org.vdi.portal.it.OwnSockets;
import org.vdi.portal.it.Wait;

/**
 * Consoles end to end: a ticket from the REST API, the WebSocket tunnel of
 * console-proxy with the Guacamole handshake, drawing from the desktop's
 * display (through the built-in gateway), and every way a ticket or socket is
 * refused or ended, with the records and audit events the broker keeps.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ConsoleTunnelIT {

    /** Guacamole status codes as console-proxy closes with them (reason) and their WebSocket codes. */
    private static final String UNAUTHORIZED = "769";
    private static final String FORBIDDEN = "771";
    private static final String SESSION_CLOSED = "523";
    private static final String TOO_MANY = "797";
    private static final int POLICY_VIOLATION = 1008;
    private static final int PROTOCOL_ERROR = 1002;
    /** What the gateway draws with; any of them proves the display reaches the browser. */
    private static final Set<String> DRAWING = Set.of("img", "png", "blob", "rect", "cfill", "copy", "jpeg");
    private static final Duration CLOSE = Duration.ofSeconds(15);

    private static String poolId;

    @BeforeAll
    static void pool() {
        String image = Broker.registerGoldenImage(ItEnv.unique("img"));
        Map<String, Object> s = Broker.poolSettings(ItEnv.unique("con"), image);
        s.put("minSpare", 1);
        s.put("maxSize", 2);
        s.put("assignment", "floating");
        s.put("logoffPolicy", "keep");
        poolId = Broker.createPool(s);
        Broker.awaitDesktops(poolId, 1, "available", Duration.ofMinutes(3));
    }

    @AfterAll
    static void dropPool() {
        if (poolId != null) {
            // release first: the broker cannot delete a desktop someone still holds
            ApiClient.alice().get("/me/desktops").expect(200).objects().stream()
                    .filter(a -> poolId.equals(a.get("poolId")))
                    .forEach(a -> ApiClient.alice().delete("/assignments/" + a.get("assignmentId")).expect(204));
            Broker.deletePool("ConsoleTunnelIT", poolId);
        }
    }

    @Test
    void aTicketOpensTheConsoleAndTheDisplayDraws() {
        String desktop = aliceDesktop();
        Map<String, Object> t = ticket(ApiClient.alice(), desktop);
        String ticket = Json.str(t, "ticket");
        assertTrue(Json.str(t, "tunnelUrl").endsWith("/console/tunnel"), t.toString());
        assertTrue(Instant.parse(Json.str(t, "expiresAt")).isBefore(Instant.now().plusSeconds(31)), "short lived");
        try (GuacamoleClient c = GuacamoleClient.open(Json.str(t, "tunnelUrl"), ticket, ItEnv.portalUrl())) {
            assertEquals("guacamole", c.subprotocol());
            GuacamoleClient.Instruction uuid = c.await("", Duration.ofSeconds(30));
            assertEquals(1, uuid.args().size(), "the tunnel's id first, as Guacamole's tunnel sends it");
            c.await("ready", Duration.ofSeconds(30));
            c.await("a drawing instruction", i -> DRAWING.contains(i.opcode()), Duration.ofSeconds(60));
            GuacamoleClient.Instruction sync = c.await("sync", Duration.ofSeconds(30));
            c.send("4.sync," + sync.args().get(0).length() + "." + sync.args().get(0) + ";");
            c.send("0.,4.ping,3.123;");
            c.await("ping answer", i -> i.opcode().isEmpty() && i.args().equals(List.of("ping", "123")),
                    Duration.ofSeconds(10));

            Map<String, Object> session = liveSessionOf(desktop);
            assertEquals("alice", session.get("user"));
            assertNoDetourThroughASocket();
            assertEquals("in-use", Broker.desktop(desktop).get("state"), "a desktop with a console open is in use");
            assertEquals(1, Db.query("SELECT 1 FROM console_ticket WHERE id = ?::uuid AND redeemed_at IS NOT NULL",
                    ticketId(ticket).toString()).size(), "redeemed in the database");
            String sessionId = Json.str(session, "id");

            c.close();
            Map<String, Object> ended = Wait.until("session " + sessionId + " ended", Duration.ofSeconds(20),
                    () -> session(sessionId), s -> s.get("endedAt") != null);
            assertTrue(Long.parseLong(Json.str(ended, "bytesOut")) > 100, "drawing came through: " + ended);
            assertTrue(Long.parseLong(Json.str(ended, "bytesIn")) > 0, ended.toString());
            Broker.awaitDesktopState(desktop, "assigned", Duration.ofSeconds(20));
            assertTrue(audit(desktop, "console.open", "SUCCESS"), "the console's opening is audited");
        }
    }

    @Test
    void aReplayedTicketIsRefusedWithoutContactingTheDesktop() {
        String desktop = aliceDesktop();
        Map<String, Object> t = ticket(ApiClient.alice(), desktop);
        String ticket = Json.str(t, "ticket");
        try (GuacamoleClient first = GuacamoleClient.open(Json.str(t, "tunnelUrl"), ticket, ItEnv.portalUrl())) {
            first.await("ready", Duration.ofSeconds(30));
            try (GuacamoleClient replay = GuacamoleClient.open(Json.str(t, "tunnelUrl"), ticket,
                    ItEnv.portalUrl())) {
                assertRefused(replay, POLICY_VIOLATION, UNAUTHORIZED, "already used");
            }
        }
        assertEquals(1, sessionsOfTicket(ticket), "the replay made no second session");
        assertTrue(audit(desktop, "console.redeem", "DENIED"), "the replay is audited");
    }

    @Test
    void anExpiredTicketIsRefused() {
        String desktop = aliceDesktop();
        Map<String, Object> t = ticket(ApiClient.alice(), desktop);
        Instant expires = Instant.parse(Json.str(t, "expiresAt"));
        Wait.sleep(Duration.between(Instant.now(), expires).plusSeconds(1));
        try (GuacamoleClient c = GuacamoleClient.open(Json.str(t, "tunnelUrl"), Json.str(t, "ticket"),
                ItEnv.portalUrl())) {
            assertRefused(c, POLICY_VIOLATION, UNAUTHORIZED, "expired");
        }
        assertEquals(0, sessionsOfTicket(Json.str(t, "ticket")));
    }

    @Test
    void forgedAndMissingTicketsAreRefused() {
        String desktop = aliceDesktop();
        Map<String, Object> t = ticket(ApiClient.alice(), desktop);
        String ticket = Json.str(t, "ticket");
        char last = ticket.charAt(ticket.length() - 2);
        String forged = ticket.substring(0, ticket.length() - 2) + (last == 'A' ? 'B' : 'A')
                + ticket.charAt(ticket.length() - 1);
        try (GuacamoleClient c = GuacamoleClient.open(Json.str(t, "tunnelUrl"), forged, ItEnv.portalUrl())) {
            assertRefused(c, POLICY_VIOLATION, UNAUTHORIZED, "not valid");
        }
        try (GuacamoleClient c = GuacamoleClient.open(Json.str(t, "tunnelUrl"), null, ItEnv.portalUrl())) {
            assertRefused(c, POLICY_VIOLATION, UNAUTHORIZED, "no console ticket");
        }
        // the forgery did not burn the real ticket
        try (GuacamoleClient c = GuacamoleClient.open(Json.str(t, "tunnelUrl"), ticket, ItEnv.portalUrl())) {
            c.await("ready", Duration.ofSeconds(30));
        }
    }

    @Test
    void aTicketIsBoundToItsUserHoldingTheDesktop() {
        String desktop = aliceDesktop();
        // bob cannot have a ticket for alice's desktop, and the attempt is audited
        ApiClient.bob().post("/desktops/" + desktop + "/console-tickets", null).expectError(403, "forbidden");
        assertTrue(Db.query("SELECT 1 FROM audit_event WHERE actor = 'bob' AND action = 'console.ticket'"
                + " AND target_id = ? AND outcome = 'DENIED'", desktop).size() >= 1, "bob's attempt is audited");

        // a ticket is bearer-like, so it is bound to its user still holding the desktop: once alice lets
        // the desktop go, her ticket opens nothing, whoever presents it
        Map<String, Object> t = ticket(ApiClient.alice(), desktop);
        String assignment = ApiClient.alice().get("/me/desktops").expect(200).objects().stream()
                .filter(a -> desktop.equals(a.get("desktopId"))).map(a -> Json.str(a, "assignmentId"))
                .findFirst().orElseThrow();
        ApiClient.alice().delete("/assignments/" + assignment).expect(204);
        try (GuacamoleClient c = GuacamoleClient.open(Json.str(t, "tunnelUrl"), Json.str(t, "ticket"),
                ItEnv.portalUrl())) {
            assertRefused(c, POLICY_VIOLATION, FORBIDDEN, "no longer assigned to alice");
        }
        assertEquals(0, sessionsOfTicket(Json.str(t, "ticket")));
    }

    @Test
    void aForeignOriginIsRefusedAndTheTicketBurnt() {
        String desktop = aliceDesktop();
        Map<String, Object> t = ticket(ApiClient.alice(), desktop);
        String ticket = Json.str(t, "ticket");
        try (GuacamoleClient c = GuacamoleClient.open(Json.str(t, "tunnelUrl"), ticket, "http://evil.example")) {
            assertRefused(c, POLICY_VIOLATION, FORBIDDEN, "origin not allowed");
        }
        assertEquals(0, sessionsOfTicket(ticket));
        assertTrue(audit(desktop, "console.refuse", "DENIED"), "the foreign origin is audited");
        try (GuacamoleClient c = GuacamoleClient.open(Json.str(t, "tunnelUrl"), ticket, ItEnv.portalUrl())) {
            assertRefused(c, POLICY_VIOLATION, UNAUTHORIZED, "already used");
        }
    }

    @Test
    void anAdministratorTerminatesAConsole() {
        String desktop = aliceDesktop();
        Map<String, Object> t = ticket(ApiClient.alice(), desktop);
        try (GuacamoleClient c = GuacamoleClient.open(Json.str(t, "tunnelUrl"), Json.str(t, "ticket"),
                ItEnv.portalUrl())) {
            c.await("ready", Duration.ofSeconds(30));
            String id = Json.str(liveSessionOf(desktop), "id");
            ApiClient.alice().delete("/sessions/" + id).expect(403);
            ApiClient.admin().delete("/sessions/" + id).expect(202);
            GuacamoleClient.Instruction error = c.await("error", Duration.ofSeconds(15));
            assertEquals("terminated by an administrator", error.args().get(0));
            assertEquals(SESSION_CLOSED, error.args().get(1));
            GuacamoleClient.Close close = c.awaitClose(CLOSE);
            assertEquals(PROTOCOL_ERROR, close.code(), "Guacamole's WebSocket code for a closed session");
            assertEquals(SESSION_CLOSED, close.reason());
            Map<String, Object> ended = Wait.until("session " + id + " ended", Duration.ofSeconds(20),
                    () -> session(id), s -> s.get("endedAt") != null);
            assertEquals("admin", ended.get("terminatedBy"));
            assertEquals("terminated by admin", ended.get("endReason"));
            ApiClient.admin().delete("/sessions/" + id).expectError(409, "invalid_state");
        }
    }

    @Test
    void aUserMayOpenThreeConsolesAtOnce() {
        String desktop = aliceDesktop();
        // the list itself is what the wait reports, so a console left open says which it is
        Wait.until("alice's earlier consoles closed", Duration.ofSeconds(20), () -> ApiClient.admin()
                .get("/sessions").expect(200).objects().stream().filter(s -> "alice".equals(s.get("user")))
                .map(s -> s.get("protocol") + " session " + s.get("id") + " on " + s.get("desktopName") + " since "
                        + s.get("startedAt") + " from " + s.get("clientAddress")).toList(), List::isEmpty);
        List<GuacamoleClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                Map<String, Object> t = ticket(ApiClient.alice(), desktop);
                GuacamoleClient c = GuacamoleClient.open(Json.str(t, "tunnelUrl"), Json.str(t, "ticket"),
                        ItEnv.portalUrl());
                open.add(c);
                c.await("ready", Duration.ofSeconds(30));
            }
            // all three still open (the client answers sync, so none has timed out while the others opened)
            Wait.until("alice's three consoles live", Duration.ofSeconds(10), () -> ApiClient.admin()
                    .get("/sessions").expect(200).objects().stream().filter(s -> "alice".equals(s.get("user")))
                    .map(s -> s.get("id")).toList(), l -> l.size() == 3);
            Map<String, Object> t = ticket(ApiClient.alice(), desktop);
            try (GuacamoleClient fourth = GuacamoleClient.open(Json.str(t, "tunnelUrl"), Json.str(t, "ticket"),
                    ItEnv.portalUrl())) {
                assertRefused(fourth, POLICY_VIOLATION, TOO_MANY, "already have 3 consoles open");
            }
            String refused = ticketId(Json.str(t, "ticket")).toString();
            Wait.untilTrue("the refused console's session recorded as ended", Duration.ofSeconds(10), () -> Db.query(
                    "SELECT 1 FROM console_session WHERE ticket_id = ?::uuid AND ended_at IS NOT NULL", refused)
                    .size() == 1);
        } finally {
            open.forEach(GuacamoleClient::close);
        }
    }

    @Test
    void aDesktopThatIsNotRunningGetsNoTicket() {
        ApiClient.alice().post("/desktops/" + UUID.randomUUID() + "/console-tickets", null)
                .expectError(404, "not_found");
        ApiClient.anonymous().post("/desktops/" + UUID.randomUUID() + "/console-tickets", null).expect(401);
    }

    // --- helpers -------------------------------------------------------------

    /**
     * With a console open, the broker's process holds no TCP connection to itself
     * (the tunnel reaches the built-in gateway and the broker in-process) and listens
     * on no port but the portal's, the internal listener's and Payara's own data grid's.
     */
    private static void assertNoDetourThroughASocket() {
        try {
            long pid = OwnSockets.brokerPid();
            assertEquals(List.of(), OwnSockets.toItself(pid), "connections of the broker to itself");
            String portal = ItEnv.portalUrl().substring(ItEnv.portalUrl().lastIndexOf(':') + 1);
            String internal = ItEnv.require("VDI_INTERNAL_URL");
            Set<String> allowed = new java.util.HashSet<>(Set.of(portal,
                    internal.substring(internal.lastIndexOf(':') + 1)));
            OwnSockets.payaraDataGridPort().ifPresent(allowed::add);
            Set<String> listening = OwnSockets.listening(pid);
            assertTrue(allowed.containsAll(listening), "the broker listens on " + listening);
            Map<String, Object> upstream = Broker.healthCheck("guacd");
            Map<String, Object> data = Json.object(upstream.get("data"));
            if ("guacd".equals(ItEnv.optional("VDI_CONSOLE_UPSTREAM", "gateway"))) {
                assertEquals("guacd", data.get("mode"), upstream.toString());
                assertTrue(Json.str(data, "protocol").startsWith("VERSION_"), upstream.toString());
            } else {
                assertEquals("built-in gateway", data.get("mode"), upstream.toString());
                assertEquals("false", Json.str(data, "tcpListener"), "the gateway's TCP listener: " + upstream);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The desktop alice holds in the test pool, running (assigned or in use). */
    private static String aliceDesktop() {
        // a spare may still be booting (first test, or after a release)
        String id = Wait.until("a desktop of pool " + poolId + " for alice", Duration.ofMinutes(3),
                Duration.ofSeconds(2), () -> ApiClient.alice().post("/pools/" + poolId + "/assignments", null),
                r -> r.status() == 200 || r.status() == 201).field("desktopId");
        Wait.until("desktop " + id + " running for alice", Duration.ofMinutes(3), Duration.ofSeconds(1),
                () -> Broker.desktop(id), d -> "assigned".equals(d.get("state")) || "in-use".equals(d.get("state")));
        return id;
    }

    private static Map<String, Object> ticket(ApiClient who, String desktop) {
        Map<String, Object> t = who.post("/desktops/" + desktop + "/console-tickets", null).expect(201).object();
        assertNotNull(t.get("ticket"));
        return t;
    }

    private static void assertRefused(GuacamoleClient c, int wsCode, String guacCode, String messagePart) {
        GuacamoleClient.Instruction error = c.await("error", Duration.ofSeconds(20));
        assertTrue(error.args().get(0).contains(messagePart), "message of " + error);
        assertEquals(guacCode, error.args().get(1), error.toString());
        GuacamoleClient.Close close = c.awaitClose(CLOSE);
        assertEquals(wsCode, close.code(), close.toString());
        assertEquals(guacCode, close.reason());
        assertFalse(c.received().stream().anyMatch(i -> i.opcode().equals("ready")),
                "nothing upstream was contacted: " + c.summary());
    }

    private static Map<String, Object> liveSessionOf(String desktop) {
        return Wait.until("a live session on " + desktop, Duration.ofSeconds(10), () -> ApiClient.admin()
                .get("/sessions").expect(200).objects().stream().filter(s -> desktop.equals(s.get("desktopId")))
                .findFirst().orElse(null), s -> s != null);
    }

    private static Map<String, Object> session(String id) {
        return ApiClient.admin().get("/sessions?all=true").expect(200).objects().stream()
                .filter(s -> id.equals(s.get("id"))).findFirst()
                .orElseThrow(() -> new AssertionError("no session " + id));
    }

    private static int sessionsOfTicket(String ticket) {
        return Db.query("SELECT 1 FROM console_session WHERE ticket_id = ?::uuid", ticketId(ticket).toString())
                .size();
    }

    private static boolean audit(String desktop, String action, String outcome) {
        return !Db.query("SELECT 1 FROM audit_event WHERE target_id = ? AND action = ? AND outcome = ?", desktop,
                action, outcome).isEmpty();
    }

    /** The ticket's id: its first 22 characters, base64url of 16 bytes. */
    static UUID ticketId(String ticket) {
        ByteBuffer b = ByteBuffer.wrap(Base64.getUrlDecoder().decode(ticket.substring(0, 22)));
        return new UUID(b.getLong(), b.getLong());
    }
}
