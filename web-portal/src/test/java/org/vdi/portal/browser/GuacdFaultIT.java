package org.vdi.portal.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.vdi.portal.console.GuacamoleClient;
import org.vdi.portal.it.ApiClient;
import org.vdi.portal.it.Broker;
import org.vdi.portal.it.GuacdDaemon;
import org.vdi.portal.it.ItEnv;
import org.vdi.portal.it.Json;
import org.vdi.portal.it.Wait;

/**
 * guacd faults, against the real guacd of {@code ./vdi test}'s guacd round: guacd's
 * process for a console killed in the middle of it, and guacd not running at all. Each
 * time the console page (or the tunnel's client) is told that the console service is
 * unavailable (not that the desktop is), the session record closes with the code
 * {@code console_service_unavailable}, and with guacd stopped {@code /health} says guacd
 * is DOWN. The test starts guacd again as it ran, so it leaves the stack as it found it.
 * Outside the guacd round (the built-in gateway serves, in-process) there is no guacd to
 * fail, and the class is skipped with that reason.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class GuacdFaultIT {

    private static final String TEST = "GuacdFaultIT";
    private static final Duration DESKTOP_READY = Duration.ofMinutes(4);
    private static final String UNAVAILABLE_TITLE = "The console service is unavailable";
    private static final String SERVER_ERROR = "512";
    private static final int SERVER_ERROR_CLOSE = 1011;
    private static final String CODE = "console_service_unavailable";

    private static String poolId;

    @BeforeAll
    static void pool() {
        Assumptions.assumeTrue("guacd".equals(ItEnv.optional("VDI_CONSOLE_UPSTREAM", "gateway")),
                "runs in ./vdi test's guacd round (VDI_CONSOLE_UPSTREAM=guacd): the built-in gateway has no guacd"
                        + " to fail");
        String image = Broker.registerGoldenImage(ItEnv.unique("img"));
        Map<String, Object> s = Broker.poolSettings(ItEnv.unique("gfault"), image);
        s.put("minSpare", 1);
        s.put("maxSize", 2);
        s.put("assignment", "floating");
        s.put("logoffPolicy", "keep");
        poolId = Broker.createPool(s);
        Broker.awaitDesktops(poolId, 1, "available", DESKTOP_READY);
    }

    @AfterAll
    static void dropPool() {
        if (poolId == null) {
            return;
        }
        ApiClient.alice().get("/me/desktops").expect(200).objects().stream()
                .filter(a -> poolId.equals(a.get("poolId")))
                .forEach(a -> ApiClient.alice().delete("/assignments/" + a.get("assignmentId")).expect(204, 409));
        Broker.deletePool(TEST, poolId);
    }

    @Test
    void guacdKilledInTheMiddleOfAConsole() {
        String desktop = aliceDesktop();
        GuacdDaemon guacd = GuacdDaemon.ofTestRun();
        try (BrowserSession b = BrowserSession.start()) {
            b.signIn("alice", "alice");
            b.open("/console.html?desktop=" + desktop);
            b.await("the console to connect", Duration.ofSeconds(60),
                    d -> "Connected".equals(b.text(By.id("state-text"))));
            String session = Json.str(liveSessionOf(desktop), "id");

            assertTrue(guacd.killConnections() >= 1, "guacd had a process for the console");
            b.await("the page to say the console service is unavailable", Duration.ofSeconds(30),
                    d -> d.findElement(By.id("overlay")).isDisplayed()
                            && UNAVAILABLE_TITLE.equals(b.text(By.id("message-title"))));
            assertTrue(b.text(By.id("message-text")).startsWith("The console service is unavailable"),
                    b.text(By.id("message-text")));
            assertEquals("Disconnected", b.text(By.id("state-text")));
            b.screenshot("guacd-01-killed");
            Map<String, Object> ended = Wait.until("session " + session + " ended", Duration.ofSeconds(20),
                    () -> session(session), s -> s.get("endedAt") != null);
            assertTrue(Json.str(ended, "endReason").startsWith(CODE), ended.toString());
            assertTrue(guacd.running(), "the daemon itself lives on");
            assertEquals("UP", Broker.healthCheck("guacd").get("status"));
        }
    }

    @Test
    void noGuacdRunning() throws Exception {
        String desktop = aliceDesktop();
        GuacdDaemon guacd = GuacdDaemon.ofTestRun();
        GuacdDaemon.Launch launch = guacd.stop();
        try {
            Map<String, Object> health = Wait.until("/health to show guacd DOWN", Duration.ofSeconds(30),
                    () -> Broker.healthCheck("guacd"), c -> "DOWN".equals(c.get("status")));
            assertTrue(String.valueOf(health.get("data")).contains("cannot connect"), health.toString());

            Map<String, Object> t = ApiClient.alice().post("/desktops/" + desktop + "/console-tickets", null)
                    .expect(201).object();
            try (GuacamoleClient c = GuacamoleClient.open(Json.str(t, "tunnelUrl"), Json.str(t, "ticket"),
                    ItEnv.portalUrl())) {
                GuacamoleClient.Instruction error = c.await("error", Duration.ofSeconds(30));
                assertEquals("the console service is unavailable; try again in a moment", error.args().get(0));
                assertEquals(SERVER_ERROR, error.args().get(1), error.toString());
                GuacamoleClient.Close close = c.awaitClose(Duration.ofSeconds(15));
                assertEquals(SERVER_ERROR_CLOSE, close.code(), close.toString());
            }
            Map<String, Object> ended = Wait.until("the refused console's session closed", Duration.ofSeconds(20),
                    () -> newestSession(desktop).orElse(null),
                    s -> s != null && s.get("endedAt") != null && Json.str(s, "endReason").startsWith(CODE));
            assertTrue(Json.str(ended, "endReason").contains("cannot connect to guacd"), ended.toString());
        } finally {
            guacd.start(launch);
        }
        Wait.until("/health to show guacd UP again", Duration.ofSeconds(30), () -> Broker.healthCheck("guacd"),
                c -> "UP".equals(c.get("status")));
    }

    /** The desktop alice holds in the test pool, running. */
    private static String aliceDesktop() {
        String id = Wait.until("a desktop of pool " + poolId + " for alice", DESKTOP_READY, Duration.ofSeconds(2),
                () -> ApiClient.alice().post("/pools/" + poolId + "/assignments", null),
                r -> r.status() == 200 || r.status() == 201).field("desktopId");
        Wait.until("desktop " + id + " running for alice", DESKTOP_READY, Duration.ofSeconds(1),
                () -> Broker.desktop(id), d -> "assigned".equals(d.get("state")) || "in-use".equals(d.get("state")));
        return id;
    }

    private static Map<String, Object> liveSessionOf(String desktop) {
        return Wait.until("a live session on " + desktop, Duration.ofSeconds(15), () -> ApiClient.admin()
                .get("/sessions").expect(200).objects().stream().filter(s -> desktop.equals(s.get("desktopId")))
                .findFirst().orElse(null), s -> s != null);
    }

    private static Map<String, Object> session(String id) {
        return ApiClient.admin().get("/sessions?all=true").expect(200).objects().stream()
                .filter(s -> id.equals(s.get("id"))).findFirst()
                .orElseThrow(() -> new AssertionError("no session " + id));
    }

    private static Optional<Map<String, Object>> newestSession(String desktop) {
        return ApiClient.admin().get("/sessions?all=true").expect(200).objects().stream()
                .filter(s -> desktop.equals(s.get("desktopId")))
                .max(Comparator.comparing(s -> Json.str(s, "startedAt")));
    }
}
