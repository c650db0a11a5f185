package org.vdi.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.vdi.portal.it.ApiClient.ApiResponse;

/**
 * The broker sees who is logged in inside a guest through its real
 * qemu-guest-agent (issue 10): the test types {@code exec login vdiuser} on
 * the guest's VGA console (tty1) through {@code virsh send-key}; busybox login
 * records the session in utmp and qemu-ga's guest-get-users reports it. Typing
 * {@code exit} ends it. Under a pool with {@code guestLogoff: release} the
 * logoff releases the desktop after the grace period (a new logon within it
 * cancels that), with the pool's logoff policy; under a pool that ignores it
 * the user keeps the desktop. The guest's addresses are there too: the test
 * image has no network card and only its loopback, which the broker leaves out.
 */
class GuestLogoffIT {

    private static final int GRACE_SECONDS = 15;

    /** A few guest polls (every 5 s) on a loaded machine. */
    private static final Duration SEEN = Duration.ofSeconds(60);

    private static final String LOGIN = "exec login vdiuser\n";

    private static final String LOGOUT = "exit\n";

    @SuppressWarnings("unchecked")
    private static Map<String, Object> guest(String desktopId) {
        return (Map<String, Object>) Broker.desktop(desktopId).get("guest");
    }

    private static Map<String, Object> awaitGuest(String what, String desktopId,
            java.util.function.Predicate<Map<String, Object>> done) {
        return Wait.until(what, SEEN, Duration.ofMillis(500), () -> guest(desktopId), g -> g != null && done.test(g));
    }

    private static boolean loggedIn(Map<String, Object> g) {
        return List.of("vdiuser").equals(g.get("users"));
    }

    private static boolean loggedOff(Map<String, Object> g) {
        return ((List<?>) g.get("users")).isEmpty() && g.get("loggedOffAt") != null;
    }

    private static String pool(Cleanup cleanup, String imageId, String prefix, String guestLogoff) {
        Map<String, Object> s = Broker.poolSettings(ItEnv.unique(prefix), imageId);
        s.put("assignment", "floating");
        s.put("logoffPolicy", "keep");
        s.put("minSpare", 1);
        s.put("maxSize", 1);
        s.put("guestLogoff", guestLogoff);
        s.put("guestLogoffGraceSeconds", GRACE_SECONDS);
        ApiResponse created = ApiClient.admin().post("/pools", s).expect(201);
        assertEquals(guestLogoff, created.object().get("guestLogoff"));
        assertEquals(GRACE_SECONDS, ((Number) created.object().get("guestLogoffGraceSeconds")).intValue());
        String poolId = created.field("id");
        cleanup.add("delete pool " + s.get("name"), () -> Broker.deletePool("GuestLogoffIT", poolId));
        return poolId;
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void aLogoffInsideTheGuestReleasesTheDesktopOnlyWhereThePoolAsks() {
        ApiClient alice = ApiClient.alice();
        try (Cleanup cleanup = new Cleanup()) {
            String imageId = Broker.registerGoldenImage(ItEnv.unique("img"));
            Map<String, Object> boot = Broker.poolSettings(ItEnv.unique("gb"), imageId);
            boot.put("readiness", "boot");
            boot.put("guestLogoff", "release");
            assertEquals("guestLogoff", ApiClient.admin().post("/pools", boot).expectError(400, "invalid_input")
                    .object().get("field"), "release needs the guest agent");
            boot.put("readiness", "agent");
            boot.put("guestLogoff", "sometimes");
            assertEquals("guestLogoff", ApiClient.admin().post("/pools", boot).expectError(400, "invalid_input")
                    .object().get("field"));
            boot.put("guestLogoff", "release");
            boot.put("guestLogoffGraceSeconds", 3601);
            assertEquals("guestLogoffGraceSeconds", ApiClient.admin().post("/pools", boot)
                    .expectError(400, "invalid_input").object().get("field"));

            String releasing = pool(cleanup, imageId, "gr", "release");
            String ignoring = pool(cleanup, imageId, "gi", "ignore");
            Broker.awaitDesktops(releasing, 1, "available", Duration.ofMinutes(4));
            Broker.awaitDesktops(ignoring, 1, "available", Duration.ofMinutes(4));

            ApiResponse r = alice.post("/pools/" + releasing + "/assignments", null).expect(200);
            ApiResponse i = alice.post("/pools/" + ignoring + "/assignments", null).expect(200);
            for (ApiResponse a : List.of(r, i)) {
                cleanup.add("release " + a.field("desktopName"), () -> alice.delete("/assignments/"
                        + a.field("assignmentId")).expect(204, 404, 409));
            }
            String rId = r.field("desktopId");
            String rName = r.field("desktopName");
            String iId = i.field("desktopId");
            String iName = i.field("desktopName");

            // before anyone logs in: the agent answered, nobody is logged in, no address but loopback
            for (String id : List.of(rId, iId)) {
                Map<String, Object> g = awaitGuest("the guest of " + id + " reported", id,
                        x -> x.get("reportedAt") != null);
                assertEquals(List.of(), g.get("users"), "nobody is logged in yet: " + g);
                assertEquals(List.of(), g.get("addresses"), "the test image has only its loopback: " + g);
                assertNull(g.get("cause"), "the agent answered: " + g);
            }

            // a session inside each guest, seen through guest-get-users
            SerialLog.awaitReady(rName);
            SerialLog.awaitReady(iName);
            Instant typed = Instant.now();
            Virsh.type(rName, LOGIN);
            Virsh.type(iName, LOGIN);
            for (String id : List.of(rId, iId)) {
                Map<String, Object> g = awaitGuest("the broker sees vdiuser logged in on " + id, id,
                        GuestLogoffIT::loggedIn);
                Instant since = Instant.parse((String) g.get("logonSince"));
                assertTrue(Math.abs(Duration.between(typed, since).toSeconds()) <= 30,
                        "logged in about when the test typed (" + typed + "): " + g);
                assertNull(g.get("loggedOffAt"), g.toString());
            }

            // the releasing pool: a logoff and a new logon within the grace keep the desktop
            Virsh.type(rName, LOGOUT);
            Map<String, Object> off = awaitGuest("the broker sees the logoff on " + rName, rId, GuestLogoffIT::loggedOff);
            Virsh.type(rName, LOGIN);
            awaitGuest("the broker sees vdiuser back on " + rName, rId, GuestLogoffIT::loggedIn);
            double gap = Duration.between(Instant.parse((String) off.get("loggedOffAt")), Instant.now()).toMillis()
                    / 1000.0;
            assertTrue(gap < GRACE_SECONDS, "the new logon came within the grace (" + gap + " s); cannot check"
                    + " the cancellation on a machine this slow");
            Wait.sleep(Duration.ofSeconds(GRACE_SECONDS + 10));
            assertEquals("alice", Broker.desktop(rId).get("assignedTo"), "a new logon within the grace keeps "
                    + rName + ": " + Broker.desktop(rId));

            // now both log off for good
            Virsh.type(rName, LOGOUT);
            Virsh.type(iName, LOGOUT);
            Map<String, Object> gone = awaitGuest("the broker sees the logoff on " + rName, rId,
                    GuestLogoffIT::loggedOff);
            Instant loggedOffAt = Instant.parse((String) gone.get("loggedOffAt"));
            awaitGuest("the broker sees the logoff on " + iName, iId, GuestLogoffIT::loggedOff);

            Map<String, Object> release = Wait.until("the broker releases " + rName + " after the logoff",
                    Duration.ofSeconds(GRACE_SECONDS + 60), Duration.ofSeconds(1),
                    () -> lastRelease(rId), e -> e != null);
            assertEquals("system", release.get("actor"), release.toString());
            assertTrue(String.valueOf(release.get("detail")).contains("the user logged off inside the guest")
                    && String.valueOf(release.get("detail")).contains("policy KEEP"), release.toString());
            Instant releasedAt = Instant.ofEpochMilli((long) (((Number) release.get("at_s")).doubleValue()
                    * 1000));
            assertTrue(!releasedAt.isBefore(loggedOffAt.plusSeconds(GRACE_SECONDS)), "released " + releasedAt
                    + ", not before the grace after the logoff at " + loggedOffAt);
            Map<String, Object> released = Broker.awaitDesktopState(rId, "available", Duration.ofMinutes(1));
            assertNull(released.get("assignedTo"), "the pool's policy (keep) made it a free spare: " + released);
            alice.get("/me/desktops").expect(200).objects().forEach(d -> assertTrue(!rId.equals(d.get("desktopId")),
                    "alice no longer holds " + rName));

            // the ignoring pool: alice keeps her desktop well past the grace
            Wait.sleep(Duration.ofSeconds(GRACE_SECONDS + 10));
            Map<String, Object> kept = Broker.desktop(iId);
            assertEquals("alice", kept.get("assignedTo"), "a pool that ignores guest logoffs keeps " + iName
                    + ": " + kept);
            assertNull(lastRelease(iId), "no release of " + iName);
            assertNotNull(guest(iId).get("loggedOffAt"));
        }
    }

    private static Map<String, Object> lastRelease(String desktopId) {
        List<Map<String, Object>> rows = Db.query("SELECT actor, detail, extract(epoch FROM at) AS at_s"
                + " FROM audit_event WHERE target_id = ? AND action = 'assignment.release' ORDER BY at DESC LIMIT 1", desktopId);
        return rows.isEmpty() ? null : rows.get(0);
    }
}
