package org.vdi.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.vdi.portal.it.ApiClient.ApiResponse;

/**
 * The broker ends sessions on its own: an assignment older than the pool's
 * maximum session time, and one idle for longer than the pool's idle timeout,
 * are released by the pool monitor (as user "system") and the pool's log-off
 * policy applies. Idle time counts from the user's last activity, not from
 * the assignment. The per-user limit holds per pool.
 *
 * <p>Both limits are in whole minutes (at least one); the test stack's pool
 * monitor runs every 3 s, so a limit of one minute shows within seconds after it.
 * Both pools run side by side, so the whole test waits for the limits once.
 */
class SessionTimeoutsIT {

    private static final String MAX_SESSION = "maximum session time reached";
    private static final String IDLE = "idle timeout";

    /** One minute of limit, plus monitor cycles, plus a loaded machine. */
    private static final Duration RELEASE_TIMEOUT = Duration.ofMinutes(3);

    @Test
    @Timeout(value = 12, unit = TimeUnit.MINUTES)
    void overLongAndIdleAssignmentsAreReleasedWithThePoolsPolicy() {
        ApiClient alice = ApiClient.alice();
        try (Cleanup cleanup = new Cleanup()) {
            String imageId = Broker.registerGoldenImage(ItEnv.unique("img"));

            // pool "max": sessions end after one minute and their desktops are deleted; two per user
            Map<String, Object> max = Broker.poolSettings(ItEnv.unique("sm"), imageId);
            max.put("assignment", "floating");
            max.put("logoffPolicy", "delete");
            max.put("maxSessionMinutes", 1);
            max.put("perUserLimit", 2);
            max.put("minSpare", 2);
            max.put("maxSize", 3);
            String maxPool = Broker.createPool(max);
            cleanup.add("delete pool " + max.get("name"), () -> Broker.deletePool("SessionTimeoutsIT", maxPool));

            // pool "idle": sessions end after one idle minute and the desktop is kept; one per user
            Map<String, Object> idle = Broker.poolSettings(ItEnv.unique("si"), imageId);
            idle.put("assignment", "floating");
            idle.put("logoffPolicy", "keep");
            idle.put("idleTimeoutMinutes", 1);
            idle.put("minSpare", 1);
            idle.put("maxSize", 1);
            String idlePool = Broker.createPool(idle);
            cleanup.add("delete pool " + idle.get("name"), () -> Broker.deletePool("SessionTimeoutsIT", idlePool));

            Broker.awaitDesktops(maxPool, 2, "available", Duration.ofMinutes(4));
            Broker.awaitDesktops(idlePool, 1, "available", Duration.ofMinutes(4));

            // per-user limit, per pool: two desktops of "max", a third is refused; one of "idle" besides
            ApiResponse m1 = alice.post("/pools/" + maxPool + "/assignments", null).expect(200);
            ApiResponse m2 = alice.post("/pools/" + maxPool + "/assignments", Map.of("additional", true)).expect(200);
            cleanup.add("release alice's desktops", () -> {
                for (ApiResponse r : List.of(m1, m2)) {
                    alice.delete("/assignments/" + r.field("assignmentId")).expect(204, 404, 409);
                }
            });
            assertNotEquals(m1.field("desktopId"), m2.field("desktopId"), "an additional desktop is another one");
            alice.post("/pools/" + maxPool + "/assignments", Map.of("additional", true)).expectError(409, "conflict");
            assertEquals(m1.field("assignmentId"), alice.post("/pools/" + maxPool + "/assignments", null).expect(200)
                    .field("assignmentId"), "asking again without 'additional' returns the first desktop");

            ApiResponse i1 = alice.post("/pools/" + idlePool + "/assignments", null).expect(200);
            String idleAssignment = i1.field("assignmentId");
            String idleDesktop = i1.field("desktopId");
            String idleDomainId = Virsh.domId(i1.field("desktopName"));
            cleanup.add("release alice's idle-pool desktop", () -> alice.delete("/assignments/" + idleAssignment)
                    .expect(204, 404, 409));
            alice.post("/pools/" + idlePool + "/assignments", Map.of("additional", true)).expectError(409, "conflict");

            // alice comes back to the idle pool after 35 s: that is activity, the idle minute starts again
            Wait.untilTrue("35 s since alice's idle-pool assignment", Duration.ofSeconds(60),
                    () -> seconds("now() - created_at", idleAssignment) >= 35);
            assertEquals(idleAssignment, alice.post("/pools/" + idlePool + "/assignments", null).expect(200)
                    .field("assignmentId"), "alice still holds her idle-pool desktop after 35 s");
            assertTrue(seconds("last_activity - created_at", idleAssignment) >= 30,
                    "asking again counts as activity: " + assignment(idleAssignment));

            // the "max" sessions end after one minute; the desktops are deleted and the spares replaced
            Set<String> held = Set.of(m1.field("desktopId"), m2.field("desktopId"));
            for (ApiResponse m : List.of(m1, m2)) {
                String desktopId = m.field("desktopId");
                Map<String, Object> release = Wait.until("the broker releases " + m.field("desktopName")
                        + " at the maximum session time", RELEASE_TIMEOUT, Duration.ofSeconds(2),
                        () -> lastEvent(desktopId, "assignment.release"), r -> r != null);
                assertEquals("system", release.get("actor"), "the broker itself released it: " + release);
                assertTrue(String.valueOf(release.get("detail")).contains(MAX_SESSION)
                        && String.valueOf(release.get("detail")).contains("policy DELETE"),
                        "the release names its reason and the policy: " + release);
                double heldFor = ((Number) Db.query("SELECT extract(epoch FROM r.at - a.at) AS s FROM audit_event a,"
                        + " audit_event r WHERE a.target_id = ? AND a.action = 'desktop.assign' AND r.target_id ="
                        + " a.target_id AND r.action = 'assignment.release'", desktopId).get(0).get("s")).doubleValue();
                assertTrue(heldFor >= 60, "released only after the one-minute maximum, after " + heldFor + " s");
                Wait.untilTrue("desktop " + m.field("desktopName") + " deleted by the pool's policy",
                        Duration.ofMinutes(2), () -> ApiClient.admin().get("/desktops/" + desktopId).status() == 404);
                assertFalse(Virsh.domainExists(m.field("desktopName")), "its domain is gone: " + m.field("desktopName"));
            }
            List<Map<String, Object>> replaced = Broker.awaitDesktops(maxPool, 2, "available", Duration.ofMinutes(3));
            assertTrue(replaced.stream().noneMatch(d -> held.contains(Json.str(d, "id"))),
                    "the pool made new spares: " + Broker.describe(replaced));
            List<Map<String, Object>> mine = alice.get("/me/desktops").expect(200).objects();
            assertTrue(mine.stream().noneMatch(d -> held.contains(String.valueOf(d.get("desktopId")))),
                    "alice holds neither of them any more: " + mine);

            // the idle one ends one idle minute after alice's last activity, not after its creation
            Map<String, Object> idleRow = Wait.until("the broker releases alice's idle desktop", RELEASE_TIMEOUT,
                    Duration.ofSeconds(2), () -> assignment(idleAssignment), r -> r.get("released_at") != null);
            assertEquals(IDLE, idleRow.get("release_reason"), "release reason: " + idleRow);
            assertTrue(seconds("released_at - last_activity", idleAssignment) >= 60,
                    "released a full idle minute after the last activity: " + idleRow);
            assertTrue(seconds("released_at - created_at", idleAssignment) >= 90,
                    "idle time counts from the last activity, not from the assignment: " + idleRow);
            Map<String, Object> kept = Broker.awaitDesktopState(idleDesktop, "available", Duration.ofMinutes(1));
            assertNull(kept.get("assignedTo"), "the kept desktop is free again: " + kept);
            assertEquals(idleDomainId, Virsh.domId(i1.field("desktopName")),
                    "the keep policy leaves the domain running as it was");
            Map<String, Object> audit = lastEvent(idleDesktop, "assignment.release");
            assertTrue(audit != null && "system".equals(audit.get("actor"))
                    && String.valueOf(audit.get("detail")).contains(IDLE), "the idle release is audited: " + audit);
        }
    }

    /** Seconds of an interval expression over the assignment's row, computed by the database's clock. */
    private static double seconds(String interval, String assignmentId) {
        return ((Number) Db.query("SELECT extract(epoch FROM " + interval + ") AS s FROM assignment"
                + " WHERE id = ?::uuid", assignmentId).get(0).get("s")).doubleValue();
    }

    private static Map<String, Object> assignment(String assignmentId) {
        List<Map<String, Object>> rows = Db.query("SELECT user_name, created_at, last_activity, released_at,"
                + " release_reason FROM assignment WHERE id = ?::uuid", assignmentId);
        assertEquals(1, rows.size(), "assignment " + assignmentId + " exists");
        return rows.get(0);
    }

    /** The desktop's latest audit event of this action, or null. */
    private static Map<String, Object> lastEvent(String desktopId, String action) {
        List<Map<String, Object>> events = Db.auditEvents(desktopId).stream()
                .filter(e -> action.equals(e.get("action"))).toList();
        return events.isEmpty() ? null : events.get(events.size() - 1);
    }
}
