package org.vdi.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vdi.portal.console.GuacamoleClient;

/**
 * A released desktop is cut off from its last holder (the "console of the
 * wrong VM" class): in a floating pool that keeps desktops, alice's SPICE
 * viewer (a real SPICE link with the .vv file's password) is dropped by QEMU
 * when she releases, her password opens nothing afterwards, and bob, who gets
 * the same desktop next, gets a working one of his own; her browser console
 * (VNC through console-proxy) closes, and the VNC password it used no longer
 * opens the display.
 */
class DisplayLockIT {

    private static String poolId;

    @BeforeAll
    static void pool() {
        poolId = Broker.createOneKeptDesktopPool("lock");
    }

    @AfterAll
    static void dropPool() {
        if (poolId != null) {
            for (ApiClient who : List.of(ApiClient.alice(), ApiClient.bob())) {
                who.get("/me/desktops").expect(200).objects().stream().filter(a -> poolId.equals(a.get("poolId")))
                        .forEach(a -> who.delete("/assignments/" + a.get("assignmentId")).expect(204, 409));
            }
            Broker.deletePool("DisplayLockIT", poolId);
        }
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void aReleasedDesktopDropsItsLastHoldersSpiceViewerAndBrowserConsole() throws Exception {
        Map<String, Object> a = assign(ApiClient.alice());
        String desktopId = Json.str(a, "desktopId");
        String name = Json.str(a, "desktopName");

        // alice's viewer (the main channel linked with the file's password, and talking)
        // and her browser console, VNC through console-proxy
        String alicesPassword;
        try (HeldDisplay held = HeldDisplay.take(desktopId, name, "alice");
                GuacamoleClient console = aliceConsole(desktopId)) {
            alicesPassword = held.vvFile().get("password");
            HeldDisplay.VncSecret vnc = held.vncNow();

            Instant released = Instant.now();
            ApiClient.alice().delete("/assignments/" + Json.str(a, "assignmentId")).expect(204);

            assertTrue(held.viewerDroppedWithin(Duration.ofSeconds(20)),
                    "QEMU dropped alice's SPICE viewer when she released the desktop");
            GuacamoleClient.Close closed = console.awaitClose(Duration.ofSeconds(30));
            assertNotEquals(1000, closed.code(), "her browser console closed: " + closed);
            held.assertLocked(vnc, released);
        }

        // bob gets the same desktop (the pool has one) and a password of his own that works
        Map<String, Object> b = assign(ApiClient.bob());
        assertEquals(desktopId, Json.str(b, "desktopId"), "the pool's one desktop went to bob");
        Map<String, String> bobs = HeldDisplay.spiceFile(desktopId, "bob");
        assertNotEquals(alicesPassword, bobs.get("password"));
        int spicePort = Integer.parseInt(bobs.get("port"));
        assertEquals(SpiceLink.OK, SpiceLink.authenticate(bobs.get("host"), spicePort, bobs.get("password")));
        assertEquals(SpiceLink.PERMISSION_DENIED, SpiceLink.authenticate(bobs.get("host"), spicePort,
                alicesPassword));
        ApiClient.bob().delete("/assignments/" + Json.str(b, "assignmentId")).expect(204);
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void aTerminatedConsoleTakesTheHoldersSpiceViewerAlong() throws Exception {
        Map<String, Object> a = assign(ApiClient.alice());
        String desktopId = Json.str(a, "desktopId");
        try (HeldDisplay held = HeldDisplay.take(desktopId, Json.str(a, "desktopName"), "alice");
                GuacamoleClient console = aliceConsole(desktopId)) {
            String sessionId = Wait.until("alice's console session", Duration.ofSeconds(20),
                    () -> ApiClient.admin().get("/sessions").expect(200).objects().stream()
                            .filter(s -> desktopId.equals(s.get("desktopId"))).map(s -> Json.str(s, "id"))
                            .findFirst().orElse(null), id -> id != null);
            HeldDisplay.VncSecret vnc = held.vncNow();
            Instant terminated = Instant.now();
            ApiClient.admin().delete("/sessions/" + sessionId).expect(202);
            GuacamoleClient.Close closed = console.awaitClose(Duration.ofSeconds(20));
            assertEquals("523", closed.reason(), "closed as terminated: " + closed);
            assertTrue(console.received().stream().anyMatch(i -> i.opcode().equals("error")
                    && i.args().get(0).contains("terminated by an administrator")), console.summary());
            assertTrue(held.viewerDroppedWithin(Duration.ofSeconds(20)),
                    "QEMU dropped alice's SPICE viewer with the terminated console");
            held.assertLocked(vnc, terminated);
        }
        ApiClient.alice().delete("/assignments/" + Json.str(a, "assignmentId")).expect(204);
    }

    /** Alice's browser console on the desktop, VNC through console-proxy, once it is ready. */
    private static GuacamoleClient aliceConsole(String desktopId) {
        Map<String, Object> t = ApiClient.alice().post("/desktops/" + desktopId + "/console-tickets", null)
                .expect(201).object();
        GuacamoleClient console = GuacamoleClient.open(Json.str(t, "tunnelUrl"), Json.str(t, "ticket"),
                ItEnv.portalUrl());
        console.await("ready", Duration.ofSeconds(60));
        return console;
    }

    private static Map<String, Object> assign(ApiClient who) {
        Map<String, Object> a = Wait.until(who.user() + "'s desktop of pool " + poolId, Duration.ofMinutes(3),
                Duration.ofSeconds(2), () -> who.post("/pools/" + poolId + "/assignments", null),
                r -> r.status() == 200 || r.status() == 201).object();
        Broker.awaitDesktopState(Json.str(a, "desktopId"), "assigned", Duration.ofMinutes(3));
        return a;
    }
}
