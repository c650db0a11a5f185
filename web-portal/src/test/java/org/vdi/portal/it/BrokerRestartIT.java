package org.vdi.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The broker is stopped and started again (the same Payara Micro the test run
 * started, through the same scripts) while two users hold desktops: every
 * assignment is still there afterwards, the same desktops, still running, and
 * asking again hands each user the desktop they had.
 */
class BrokerRestartIT {

    @Test
    @Timeout(value = 12, unit = TimeUnit.MINUTES)
    void aRestartKeepsEveryAssignment() throws Exception {
        try (Cleanup cleanup = new Cleanup()) {
            String imageId = Broker.registerGoldenImage(ItEnv.unique("img"));
            Map<String, Object> settings = Broker.poolSettings(ItEnv.unique("rs"), imageId);
            settings.put("minSpare", 1);
            settings.put("maxSize", 3);
            settings.put("assignment", "dedicated");
            settings.put("logoffPolicy", "keep");
            String poolId = Broker.createPool(settings);
            cleanup.add("delete pool", () -> Broker.deletePool("BrokerRestartIT", poolId));
            Broker.awaitDesktops(poolId, 1, "available", Duration.ofMinutes(3));

            Map<String, Map<String, Object>> before = new LinkedHashMap<>();
            for (ApiClient user : List.of(ApiClient.alice(), ApiClient.bob())) {
                Map<String, Object> a = Wait.until(user.user() + " gets a desktop", Duration.ofMinutes(3),
                        Duration.ofSeconds(2), () -> user.post("/pools/" + poolId + "/assignments", Map.of()),
                        r -> r.status() == 200 || r.status() == 201).object();
                before.put(user.user(), a);
            }
            assertNotEquals(before.get("alice").get("desktopId"), before.get("bob").get("desktopId"),
                    "two users, two desktops: " + before);
            List<Map<String, Object>> openBefore = openAssignments(poolId);
            assertEquals(2, openBefore.size(), "two open assignments before the restart: " + openBefore);

            restartBroker();

            // the API answers again with the same assignments and desktops
            for (ApiClient user : List.of(ApiClient.alice(), ApiClient.bob())) {
                Map<String, Object> had = before.get(user.user());
                String desktopId = Json.str(had, "desktopId");
                List<Map<String, Object>> mine = user.get("/me/desktops").expect(200).objects();
                assertTrue(mine.stream().anyMatch(d -> desktopId.equals(d.get("desktopId"))),
                        user.user() + " still has desktop " + desktopId + " after the restart: " + mine);

                Map<String, Object> again = user.post("/pools/" + poolId + "/assignments", Map.of())
                        .expect(200, 201).object();
                assertEquals(had.get("assignmentId"), again.get("assignmentId"),
                        user.user() + " keeps the same assignment");
                assertEquals(desktopId, again.get("desktopId"), user.user() + " keeps the same desktop");

                Map<String, Object> desktop = Broker.desktop(desktopId);
                assertEquals(user.user(), desktop.get("assignedTo"), "desktop " + desktop);
                assertEquals("running", Virsh.domState(Json.str(desktop, "name")),
                        "the desktop's domain was left running across the restart");
            }
            assertEquals(idsOf(openBefore), idsOf(openAssignments(poolId)),
                    "the open assignments in the database are the same rows");

            // and the monitor on the new node still works: the spare is topped up again
            Wait.until("a spare again beside the two assigned desktops", Duration.ofMinutes(3),
                    Duration.ofSeconds(2), () -> Broker.desktops(poolId),
                    ds -> ds.stream().filter(d -> "available".equals(d.get("state"))).count() == 1);
        }
    }

    private static List<Map<String, Object>> openAssignments(String poolId) {
        return Db.query("SELECT a.id::text AS id FROM assignment a JOIN desktop d ON d.id = a.desktop_id"
                + " WHERE d.pool_id = ?::uuid AND a.released_at IS NULL ORDER BY a.id", poolId);
    }

    private static List<Object> idsOf(List<Map<String, Object>> rows) {
        return rows.stream().map(r -> r.get("id")).toList();
    }

    /**
     * Stops Payara Micro by its pid file and starts it again with the same
     * profile, exactly as ./vdi does, then waits until it answers.
     */
    private static void restartBroker() throws IOException, InterruptedException {
        Path root = repositoryRoot();
        Path log = Path.of(ItEnv.require("VDI_LOGS"), "broker-restart.log");
        ProcessBuilder pb = new ProcessBuilder("bash", "-c",
                "set -euo pipefail; source scripts/lib/common.sh; source scripts/lib/stack.sh;"
                        + " payara_stop; payara_start")
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("VDI_ROOT", root.toString());
        Process p = pb.start();
        if (!p.waitFor(6, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("the broker did not restart within 6 minutes; see " + log);
        }
        assertEquals(0, p.exitValue(), "restarting the broker failed:\n"
                + Files.readString(log, StandardCharsets.UTF_8));
        // NOTE: not /health as a whole: hosts that other tests registered and took down stay
        // down, and the check rightly says so. The broker is back when it answers its users.
        Wait.until("the restarted broker to answer alice", Duration.ofMinutes(3), Duration.ofSeconds(2),
                () -> ApiClient.alice().get("/me/desktops").status(), status -> status == 200);
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isExecutable(dir.resolve("vdi"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("the integration tests run inside the repository (no ./vdi found above "
                    + Path.of("").toAbsolutePath() + ")");
        }
        return dir;
    }
}
