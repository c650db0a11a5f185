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
import org.w3c.dom.Document;

/**
 * A desktop is handed out only when its guest is ready (issue 10): in a pool
 * with {@code agent} readiness (the default) a spare stays "starting" while
 * its domain runs and SeaBIOS, SYSLINUX and the kernel go by, and becomes
 * "available" only once the real qemu-guest-agent in the golden image answers
 * on its virtio channel. A pool with {@code boot} readiness keeps the old
 * behaviour, and a guest whose agent never answers goes to error and is
 * replaced.
 */
class ReadinessIT {

    private static final String AGENT_STARTED = "VDI-AGENT-STARTED";

    private static final String AGENT_CHANNEL = "/domain/devices/channel[@type='unix']"
            + "/target[@name='org.qemu.guest_agent.0']";

    /** What one poll of a starting desktop saw. */
    private record Seen(String state, String domState, String serialLog) {
    }

    private static Seen look(String desktopId, String name) {
        String state = Json.str(Broker.desktop(desktopId), "state");
        String dom = Virsh.domainExists(name) ? Virsh.domState(name) : "missing";
        return new Seen(state, dom, SerialLog.read(name));
    }

    private static Map<String, Object> onlyDesktop(String poolId) {
        return Wait.until("a desktop in pool " + poolId, Duration.ofMinutes(2), Duration.ofMillis(250),
                () -> Broker.desktops(poolId), l -> !l.isEmpty()).get(0);
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void aSpareBecomesAvailableOnlyOnceItsGuestAgentAnswers() {
        try (Cleanup cleanup = new Cleanup()) {
            String imageId = Broker.registerGoldenImage(ItEnv.unique("img"));
            Map<String, Object> settings = Broker.poolSettings(ItEnv.unique("ra"), imageId);
            settings.put("minSpare", 1);
            settings.put("maxSize", 1);
            settings.put("assignment", "floating");
            ApiClient.ApiResponse created = ApiClient.admin().post("/pools", settings).expect(201);
            String poolId = created.field("id");
            cleanup.add("delete pool", () -> Broker.deletePool("ReadinessIT", poolId));
            assertEquals("agent", created.object().get("readiness"), "agent readiness is the default");
            assertEquals(300, ((Number) created.object().get("readinessTimeoutSeconds")).intValue());

            Map<String, Object> d = onlyDesktop(poolId);
            String id = Json.str(d, "id");
            String name = Json.str(d, "name");

            // Poll until it is handed out: it must be seen starting with its domain running and
            // the agent not yet started, and never available before the agent is.
            boolean sawStartingWhileBooting = false;
            long deadline = System.nanoTime() + SerialLog.BOOT_TIMEOUT.toNanos();
            Seen seen = look(id, name);
            while (!"available".equals(seen.state())) {
                assertTrue(System.nanoTime() < deadline, "desktop " + name + " not available within "
                        + SerialLog.BOOT_TIMEOUT.toSeconds() + " s: " + seen.state() + ", "
                        + Broker.desktop(id).get("stateCause") + "\nserial log:\n" + SerialLog.tail(seen.serialLog()));
                assertNotEquals("error", seen.state(), "desktop " + name + ": " + Broker.desktop(id));
                if ("starting".equals(seen.state()) && "running".equals(seen.domState())
                        && !seen.serialLog().contains(AGENT_STARTED)) {
                    sawStartingWhileBooting = true;
                }
                Wait.sleep(Duration.ofMillis(250));
                seen = look(id, name);
            }
            assertTrue(sawStartingWhileBooting, "desktop " + name + " was seen starting while its domain ran"
                    + " and before its agent started");
            assertTrue(seen.serialLog().contains(AGENT_STARTED), "available only after the guest printed "
                    + AGENT_STARTED + ":\n" + SerialLog.tail(seen.serialLog()));
            assertTrue(Virsh.guestPing(name), "the agent of " + name + " answers guest-ping");
            Document dom = Xml.parse(Virsh.dumpXml(name));
            assertEquals("connected", Xml.text(dom, AGENT_CHANNEL + "/@state"), "the agent channel of " + name);
            SerialLog.awaitReady(name); // the old contract still holds

            // the history: the domain ran while the desktop waited, then the agent made it available
            List<Map<String, Object>> t = Db.transitions(id);
            int waiting = indexOf(t, "PROVISIONING", "STARTING");
            int ready = indexOf(t, "STARTING", "AVAILABLE");
            assertTrue(waiting >= 0 && ready > waiting, "provisioning -> starting -> available: " + t);
            assertTrue(String.valueOf(t.get(waiting).get("cause")).contains("waiting for its guest agent"), t.toString());
            assertTrue(String.valueOf(t.get(ready).get("cause")).startsWith("ready: its guest agent answered"),
                    t.toString());
        }
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void aBootPoolHandsOutItsSpareAsSoonAsTheDomainRuns() {
        try (Cleanup cleanup = new Cleanup()) {
            String imageId = Broker.registerGoldenImage(ItEnv.unique("img"));
            Map<String, Object> settings = Broker.poolSettings(ItEnv.unique("rb"), imageId);
            settings.put("readiness", "sometimes");
            assertEquals("readiness", ApiClient.admin().post("/pools", settings).expectError(400, "invalid_input")
                    .object().get("field"));
            settings.put("readiness", "boot");
            settings.put("readinessTimeoutSeconds", 5);
            assertEquals("readinessTimeoutSeconds", ApiClient.admin().post("/pools", settings)
                    .expectError(400, "invalid_input").object().get("field"));
            settings.remove("readinessTimeoutSeconds");
            settings.put("minSpare", 1);
            settings.put("maxSize", 1);
            settings.put("readiness", "boot");
            String poolId = Broker.createPool(settings);
            cleanup.add("delete pool", () -> Broker.deletePool("ReadinessIT", poolId));
            assertEquals("boot", ApiClient.admin().get("/pools/" + poolId).expect(200).object().get("readiness"));

            Map<String, Object> d = onlyDesktop(poolId);
            String id = Json.str(d, "id");
            String name = Json.str(d, "name");
            Seen seen = Wait.until("desktop " + name + " available", Duration.ofMinutes(3), Duration.ofMillis(250),
                    () -> look(id, name), s -> "available".equals(s.state()));
            assertFalse(seen.serialLog().contains(AGENT_STARTED), "available before the guest's agent started:\n"
                    + SerialLog.tail(seen.serialLog()));
            List<Map<String, Object>> t = Db.transitions(id);
            assertTrue(indexOf(t, "PROVISIONING", "AVAILABLE") >= 0, "straight from provisioning to available: " + t);
            assertTrue(indexOf(t, "PROVISIONING", "STARTING") < 0, "no wait for the agent: " + t);
            SerialLog.await(name, AGENT_STARTED, SerialLog.BOOT_TIMEOUT); // the image has one all the same
        }
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void aDesktopWhoseAgentNeverAnswersGoesToErrorAndIsReplaced() {
        try (Cleanup cleanup = new Cleanup()) {
            String imageId = Broker.registerGoldenImage(ItEnv.unique("img"));
            Map<String, Object> settings = Broker.poolSettings(ItEnv.unique("rt"), imageId);
            settings.put("minSpare", 1);
            settings.put("maxSize", 1);
            settings.put("readinessTimeoutSeconds", 10);
            String poolId = Broker.createPool(settings);
            cleanup.add("delete pool", () -> Broker.deletePool("ReadinessIT", poolId));

            Map<String, Object> d = onlyDesktop(poolId);
            String id = Json.str(d, "id");
            String name = Json.str(d, "name");
            // Freeze the guest as soon as its domain runs, long before its agent can start:
            // the channel stays unconnected and every ping goes unanswered.
            Wait.untilTrue("domain " + name + " running", Duration.ofMinutes(2),
                    () -> Virsh.domainExists(name) && "running".equals(Virsh.domState(name)));
            Virsh.ok("suspend", name);
            assertFalse(SerialLog.read(name).contains(AGENT_STARTED), "the guest was frozen before its agent started");

            Wait.untilTrue("desktop " + name + " failed and replaced", Duration.ofMinutes(2),
                    () -> indexOf(Db.transitions(id), "STARTING", "ERROR") >= 0);
            List<Map<String, Object>> t = Db.transitions(id);
            Map<String, Object> failed = t.get(indexOf(t, "STARTING", "ERROR"));
            assertTrue(String.valueOf(failed.get("cause")).startsWith("not ready: its guest agent did not answer"
                    + " within 10 s"), "the cause: " + failed);
            assertTrue(indexOf(t, "ERROR", "DELETING") >= 0, "a free desktop that never got ready is deleted: " + t);

            // the 10 s were for the frozen guest: its replacement gets the time a loaded machine
            // needs (a boot to the agent takes 11 s at the median on two busy cores)
            settings.put("readinessTimeoutSeconds", 300);
            ApiClient.admin().put("/pools/" + poolId, settings).expect(200);

            // after the pool's back-off a new spare takes its place and becomes ready
            List<Map<String, Object>> next = Wait.until("a replacement of " + name + " available",
                    Duration.ofMinutes(3), Duration.ofSeconds(1), () -> Broker.desktops(poolId),
                    l -> l.size() == 1 && !id.equals(l.get(0).get("id")) && "available".equals(l.get(0).get("state")));
            String replacement = Json.str(next.get(0), "name");
            assertNotEquals(name, replacement);
            assertFalse(Virsh.domainExists(name), "the frozen domain " + name + " is gone");
            assertTrue(Virsh.guestPing(replacement), "the replacement's agent answers");
        }
    }

    private static int indexOf(List<Map<String, Object>> transitions, String from, String to) {
        for (int i = 0; i < transitions.size(); i++) {
            Map<String, Object> t = transitions.get(i);
            if (from.equals(t.get("from_state")) && to.equals(t.get("to_state"))) {
                return i;
            }
        }
        return -1;
    }
}
