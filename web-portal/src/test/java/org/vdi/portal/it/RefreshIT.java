package org.vdi.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.vdi.portal.it.ApiClient.ApiResponse;

/**
 * What a user writes to their desktop's disk survives a reset, and is gone
 * after they log off from a pool with the refresh policy: the desktop goes
 * refreshing, then available again with a fresh clone of the golden image.
 * The guest's serial log (rewritten at each domain start) tells which disk it
 * booted from.
 */
class RefreshIT {

    @Test
    @Timeout(value = 12, unit = TimeUnit.MINUTES)
    void diskSurvivesResetAndIsRevertedByRefreshAtLogoff() {
        ApiClient alice = ApiClient.alice();
        try (Cleanup cleanup = new Cleanup()) {
            String imageId = Broker.registerGoldenImage(ItEnv.unique("img"));
            Map<String, Object> settings = Broker.poolSettings(ItEnv.unique("rf"), imageId);
            settings.put("assignment", "floating");
            settings.put("logoffPolicy", "refresh");
            settings.put("minSpare", 1);
            settings.put("maxSize", 1);
            String poolId = Broker.createPool(settings);
            cleanup.add("delete pool", () -> Broker.deletePool("RefreshIT", poolId));

            String spare = Json.str(Broker.awaitDesktops(poolId, 1, "available", Duration.ofMinutes(3)).get(0),
                    "name");
            SerialLog.awaitReady(spare);

            // alice gets the desktop
            ApiResponse a = alice.post("/pools/" + poolId + "/assignments", null).expect(200);
            String desktopId = a.field("desktopId");
            String desktop = a.field("desktopName");
            String assignmentId = a.field("assignmentId");
            assertEquals(spare, desktop, "the pool's only spare is alice's");
            cleanup.add("release alice's desktop", () -> alice.delete("/assignments/" + assignmentId)
                    .expect(204, 409));

            // she writes a marker to the guest's own disk on the VGA console
            String marker = "M-" + ItEnv.random(8);
            String typed = "VDI-TYPED-" + ItEnv.random(8);
            Virsh.type(desktop, "echo " + marker + " > /mnt/disk/marker; sync; echo " + typed + " > /dev/ttyS0\n");
            SerialLog.await(desktop, typed, Duration.ofSeconds(60));

            // reset: a new boot from the same disk shows the marker
            String bootBefore = Virsh.domId(desktop);
            alice.post("/desktops/" + desktopId + "/reset", null).expect(202, 204);
            awaitNewBoot(desktop, bootBefore);
            String afterReset = SerialLog.awaitReady(desktop);
            assertTrue(afterReset.contains(SerialLog.MARKER + marker),
                    "after the reset the guest boots from the same disk and finds the marker " + marker
                            + "; serial log:\n" + SerialLog.tail(afterReset));
            Map<String, Object> held = Broker.awaitDesktopState(desktopId, "assigned", Duration.ofMinutes(1));
            assertEquals("alice", held.get("assignedTo"), "alice still holds the desktop after the reset");

            // log off: the refresh policy reverts the disk
            long lastTransition = lastTransitionId(desktopId);
            String bootBeforeRefresh = Virsh.domId(desktop);
            alice.delete("/assignments/" + assignmentId).expect(204);
            Map<String, Object> first = Broker.desktop(desktopId);
            assertTrue(List.of("refreshing", "starting", "available").contains(first.get("state")),
                    "right after log-off the desktop is being refreshed: " + first);
            Map<String, Object> refreshed = Broker.awaitDesktopState(desktopId, "available", Duration.ofMinutes(3));
            assertEquals(null, refreshed.get("assignedTo"), "a refreshed desktop is free again");
            List<Object> states = Db.query("SELECT to_state FROM desktop_transition WHERE desktop_id = ?::uuid"
                    + " AND id > ? ORDER BY id", desktopId, lastTransition).stream().map(r -> r.get("to_state"))
                    .toList();
            assertEquals("REFRESHING", states.isEmpty() ? null : states.get(0),
                    "log-off moves the desktop to refreshing first; transitions since: " + states);
            assertEquals("AVAILABLE", states.get(states.size() - 1),
                    "and it ends available; transitions since: " + states);
            assertFalse(states.contains("ERROR"), "no error on the way: " + states);

            awaitNewBoot(desktop, bootBeforeRefresh);
            String afterRefresh = SerialLog.awaitReady(desktop);
            assertFalse(afterRefresh.contains(SerialLog.MARKER),
                    "after the refresh the disk is a fresh clone without the marker; serial log:\n"
                            + SerialLog.tail(afterRefresh));
        }
    }

    private static long lastTransitionId(String desktopId) {
        List<Map<String, Object>> rows = Db.query("SELECT coalesce(max(id), 0) AS id FROM desktop_transition"
                + " WHERE desktop_id = ?::uuid", desktopId);
        return ((Number) rows.get(0).get("id")).longValue();
    }

    /**
     * Waits until the domain runs with another id than before: a new start,
     * so its serial log has been rewritten.
     */
    private static void awaitNewBoot(String domain, String idBefore) {
        String now = Wait.until("domain " + domain + " running again after id " + idBefore, Duration.ofMinutes(2),
                Duration.ofMillis(500), () -> Virsh.domId(domain), id -> id != null && !id.equals(idBefore));
        assertNotEquals(idBefore, now);
    }
}
