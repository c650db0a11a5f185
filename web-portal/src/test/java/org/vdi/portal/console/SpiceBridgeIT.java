package org.vdi.portal.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vdi.portal.it.ApiClient;
import org.vdi.portal.it.Broker;
import org.vdi.portal.it.Cleanup;
import org.vdi.portal.it.Db;
import org.vdi.portal.it.ItEnv;
import org.vdi.portal.it.Json;
import org.vdi.portal.it.SpiceLink;
import org.vdi.portal.it.Virsh;
import org.vdi.portal.it.Wait;
import org.vdi.portal.it.Xml;

/**
 * SPICE in the browser, end to end without the browser: a SPICE ticket and
 * one-time password from the REST API, console-proxy's WebSocket bridge
 * (subprotocol binary) to QEMU's SPICE server, and SPICE's own link and
 * password check through it, as spice-html5 does them. One ticket opens one
 * SPICE session: a second channel joins it while it is open, a replay after
 * it closed is refused; bob gets no ticket for alice's desktop; a foreign
 * origin is refused; an administrator ends the session.
 */
class SpiceBridgeIT {

    private static final Duration CLOSE = Duration.ofSeconds(20);
    private static final String GRAPHICS = "/domain/devices/graphics[@type='spice']";

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void oneTicketOpensOneSpiceSessionThroughTheBridge() throws Exception {
        ApiClient alice = ApiClient.alice();
        try (Cleanup cleanup = new Cleanup()) {
            String imageId = Broker.registerGoldenImage(ItEnv.unique("img"));
            Map<String, Object> s = Broker.poolSettings(ItEnv.unique("sb"), imageId);
            s.put("assignment", "dedicated");
            s.put("logoffPolicy", "keep");
            s.put("minSpare", 1);
            s.put("maxSize", 1);
            s.put("protocols", List.of("vnc", "spice"));
            String poolId = Broker.createPool(s);
            cleanup.add("delete pool " + s.get("name"), () -> Broker.deletePool("SpiceBridgeIT", poolId));
            Broker.awaitDesktops(poolId, 1, "available", Duration.ofMinutes(3));
            Map<String, Object> a = alice.post("/pools/" + poolId + "/assignments", null).expect(200).object();
            String desktopId = Json.str(a, "desktopId");
            String name = Json.str(a, "desktopName");
            cleanup.add("release alice's desktop", () -> alice.delete("/assignments/" + Json.str(a, "assignmentId"))
                    .expect(204, 409));
            Wait.until("desktop " + name + " running", Duration.ofMinutes(3), () -> Broker.desktop(desktopId),
                    d -> "assigned".equals(d.get("state")) || "in-use".equals(d.get("state")));

            // the ticket comes with a fresh SPICE password, set on the live domain with a short expiry
            Instant before = Instant.now();
            Map<String, Object> t = alice.post("/desktops/" + desktopId + "/spice-tickets", null).expect(201)
                    .object();
            String ticket = Json.str(t, "ticket");
            String bridge = Json.str(t, "bridgeUrl");
            String password = Json.str(t, "password");
            assertTrue(bridge.endsWith("/console/spice") && bridge.startsWith("ws"), bridge);
            assertTrue(password.length() >= 16, "a long one-time password");
            Instant passwordUntil = Instant.parse(Json.str(t, "passwordExpiresAt"));
            assertTrue(passwordUntil.isBefore(before.plusSeconds(120)), "valid for seconds: " + passwordUntil);
            assertEquals(password, Xml.text(Xml.parse(Virsh.ok("dumpxml", "--security-info", name)),
                    GRAPHICS + "/@passwd"), "the live domain's SPICE password");

            // the password opens QEMU's SPICE port itself (the bridge adds nothing to SPICE's authentication)
            String spicePort = Xml.text(Xml.parse(Virsh.ok("dumpxml", name)), GRAPHICS + "/@port");
            assertEquals(SpiceLink.OK, SpiceLink.authenticate(java.net.URI.create(ItEnv.portalUrl()).getHost(),
                    Integer.parseInt(spicePort), password));

            String sessionId;
            try (SpiceSocket main = SpiceSocket.open(bridge, ticket, ItEnv.portalUrl())) {
                assertEquals("binary", main.subprotocol());
                // QEMU's SPICE server checks the password spice-html5 would send, through the bridge
                assertEquals(SpiceLink.OK, SpiceLink.link(main.in(), main.out(), password, SpiceLink.MAIN_CHANNEL,
                        0), "the main channel links with the ticket's password");
                int spiceSession = SpiceLink.mainSessionId(main.in());
                Map<String, Object> live = Wait.until("a live SPICE session on " + name, Duration.ofSeconds(10),
                        () -> sessions(desktopId).stream().filter(x -> Boolean.TRUE.equals(x.get("live")))
                                .findFirst().orElse(null), x -> x != null);
                assertEquals("spice", live.get("protocol"));
                sessionId = Json.str(live, "id");

                // a second channel on the same ticket joins the open session, in the same SPICE session
                try (SpiceSocket inputs = SpiceSocket.open(bridge, ticket, ItEnv.portalUrl())) {
                    assertEquals(SpiceLink.OK, SpiceLink.link(inputs.in(), inputs.out(), password,
                            SpiceLink.INPUTS_CHANNEL, spiceSession), "the inputs channel joins");
                }
                // the bridge does not authenticate for the browser: a wrong password stays wrong
                try (SpiceSocket display = SpiceSocket.open(bridge, ticket, ItEnv.portalUrl())) {
                    assertEquals(SpiceLink.PERMISSION_DENIED, SpiceLink.link(display.in(), display.out(),
                            password + "x", SpiceLink.DISPLAY_CHANNEL, spiceSession));
                }
                // the ticket is no use to another site's page, even while the session is open
                try (SpiceSocket foreign = SpiceSocket.open(bridge, ticket, "http://evil.example")) {
                    SpiceSocket.Close c = foreign.awaitClose(CLOSE);
                    assertNotEquals(1000, c.code(), c.toString());
                    assertTrue(c.reason().contains("origin not allowed"), c.toString());
                }
                assertEquals(1, sessions(desktopId).size(), "every channel was part of one console session");
            }

            // closing the main channel ends the session, recorded with its traffic
            Map<String, Object> ended = Wait.until("SPICE session " + sessionId + " ended", CLOSE,
                    () -> session(sessionId), x -> x.get("endedAt") != null);
            assertTrue(Long.parseLong(Json.str(ended, "bytesIn")) > 0, ended.toString());
            assertTrue(Long.parseLong(Json.str(ended, "bytesOut")) > 0, ended.toString());

            // the ticket opened one session: replayed after it closed, it is refused before anything upstream
            try (SpiceSocket replay = SpiceSocket.open(bridge, ticket, ItEnv.portalUrl())) {
                SpiceSocket.Close c = replay.awaitClose(CLOSE);
                assertTrue(c.reason().contains("already used"), c.toString());
            }
            assertEquals(1, sessions(desktopId).size(), "the replay opened no session");
            assertTrue(!Db.query("SELECT 1 FROM audit_event WHERE target_id = ? AND action = 'console.redeem'"
                    + " AND outcome = 'DENIED'", desktopId).isEmpty(), "the replay is audited");

            // bob gets no ticket (and no password) for alice's desktop
            String current = Xml.text(Xml.parse(Virsh.ok("dumpxml", "--security-info", name)), GRAPHICS + "/@passwd");
            ApiClient.bob().post("/desktops/" + desktopId + "/spice-tickets", null).expectError(403, "forbidden");
            assertEquals(current, Xml.text(Xml.parse(Virsh.ok("dumpxml", "--security-info", name)),
                    GRAPHICS + "/@passwd"), "bob's attempt left the password alone");

            // a VNC ticket does not open the SPICE bridge
            Map<String, Object> vnc = alice.post("/desktops/" + desktopId + "/console-tickets", null).expect(201)
                    .object();
            try (SpiceSocket wrong = SpiceSocket.open(bridge, Json.str(vnc, "ticket"), ItEnv.portalUrl())) {
                SpiceSocket.Close c = wrong.awaitClose(CLOSE);
                assertTrue(c.reason().contains("not for SPICE"), c.toString());
            }

            // an administrator ends a SPICE session like any console
            Map<String, Object> t2 = alice.post("/desktops/" + desktopId + "/spice-tickets", null).expect(201)
                    .object();
            try (SpiceSocket main = SpiceSocket.open(bridge, Json.str(t2, "ticket"), ItEnv.portalUrl())) {
                assertEquals(SpiceLink.OK, SpiceLink.link(main.in(), main.out(), Json.str(t2, "password"),
                        SpiceLink.MAIN_CHANNEL, 0));
                String id = Wait.until("the second SPICE session", Duration.ofSeconds(10),
                        () -> sessions(desktopId).stream().filter(x -> Boolean.TRUE.equals(x.get("live")))
                                .map(x -> Json.str(x, "id")).findFirst().orElse(null), x -> x != null);
                ApiClient.admin().delete("/sessions/" + id).expect(202);
                SpiceSocket.Close c = main.awaitClose(CLOSE);
                assertEquals("terminated by an administrator", c.reason(), c.toString());
                Map<String, Object> terminated = Wait.until("session " + id + " ended", CLOSE, () -> session(id),
                        x -> x.get("endedAt") != null);
                assertEquals("admin", terminated.get("terminatedBy"));
            }
        }
    }

    private static List<Map<String, Object>> sessions(String desktopId) {
        return ApiClient.admin().get("/sessions?all=true").expect(200).objects().stream()
                .filter(x -> desktopId.equals(x.get("desktopId")) && "spice".equals(x.get("protocol"))).toList();
    }

    private static Map<String, Object> session(String id) {
        return ApiClient.admin().get("/sessions?all=true").expect(200).objects().stream()
                .filter(x -> id.equals(x.get("id"))).findFirst()
                .orElseThrow(() -> new AssertionError("no session " + id));
    }
}
