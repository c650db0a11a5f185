package org.vdi.portal.console;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vdi.portal.it.ApiClient;
import org.vdi.portal.it.Broker;
import org.vdi.portal.it.Cleanup;
import org.vdi.portal.it.ItEnv;
import org.vdi.portal.it.Json;
import org.vdi.portal.it.Wait;

/**
 * console-proxy fails closed (issue 9, item 7) against the real stack: with a
 * console open, the test profile's PostgreSQL is stopped, so the broker,
 * in-process, cannot answer console-proxy's polls; after the watcher's 15
 * failed polls (30 s) the console closes with an error saying the console
 * service cannot reach the broker. PostgreSQL is started again afterwards (by the launcher's
 * own functions, so the cluster starts as ./vdi starts it) and the test waits
 * for the broker to answer again before it ends, so no other test sees the
 * outage.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class BrokerLostIT {

    private static final Duration CLOSED = Duration.ofSeconds(90);
    private static final Duration BACK = Duration.ofMinutes(3);

    @Test
    void openConsolesCloseWhenTheBrokerStopsAnswering() throws Exception {
        String poolId = Broker.createOneKeptDesktopPool("lost");
        try (Cleanup cleanup = new Cleanup()) {
            cleanup.add("delete pool " + poolId, () -> Broker.deletePool("BrokerLostIT", poolId));
            Map<String, Object> a = Wait.until("alice's desktop", Duration.ofMinutes(3), Duration.ofSeconds(2),
                    () -> ApiClient.alice().post("/pools/" + poolId + "/assignments", null),
                    r -> r.status() == 200 || r.status() == 201).object();
            String desktopId = Json.str(a, "desktopId");
            cleanup.add("release alice's desktop", () -> ApiClient.alice()
                    .delete("/assignments/" + Json.str(a, "assignmentId")).expect(204, 404, 409));
            Broker.awaitDesktopState(desktopId, "assigned", Duration.ofMinutes(3));
            Map<String, Object> t = ApiClient.alice().post("/desktops/" + desktopId + "/console-tickets", null)
                    .expect(201).object();

            try (GuacamoleClient console = GuacamoleClient.open(Json.str(t, "tunnelUrl"), Json.str(t, "ticket"),
                    ItEnv.portalUrl())) {
                console.await("ready", Duration.ofSeconds(60));
                postgres("pg_stop");
                try {
                    GuacamoleClient.Close closed = console.awaitClose(CLOSED);
                    assertNotEquals(1000, closed.code(), "closed as a failure: " + closed);
                    // the user reads the unreachable refusal's words; "lost touch" is the log's reason
                    assertTrue(console.received().stream().anyMatch(i -> i.opcode().equals("error")
                            && i.args().get(0).contains("cannot reach the broker")), console.summary());
                } finally {
                    postgres("pg_start");
                }
            }
            Wait.until("the broker to answer again after PostgreSQL's restart", BACK, Duration.ofSeconds(2),
                    () -> ApiClient.alice().get("/me/desktops").status(), status -> status == 200);
        }
    }

    /** Runs one function of the launcher's scripts/postgres.sh for this profile (the test's environment). */
    private static void postgres(String function) throws IOException, InterruptedException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "set -euo pipefail; source scripts/lib/common.sh; "
                + "source scripts/postgres.sh; " + function).directory(root.toFile()).redirectErrorStream(true);
        pb.environment().put("VDI_ROOT", root.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), function + " did not finish: " + out);
        assertTrue(p.exitValue() == 0, function + " failed (" + p.exitValue() + "): " + out);
    }
}
