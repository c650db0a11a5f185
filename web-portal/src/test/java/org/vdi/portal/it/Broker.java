package org.vdi.portal.it;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The broker objects the tests build on, through the REST API as admin:
 * the local host, a golden image on it, pools, and their desktops.
 */
public final class Broker {

    /** How long a forced pool deletion may take to remove every desktop (the monitor drains in batches). */
    public static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(240);

    private Broker() {
    }

    private static ApiClient admin() {
        return ApiClient.admin();
    }

    /** The host the broker registered for this machine at start. */
    /** One check of the broker's health with its details, as administrators read it (GET /api/v1/health). */
    public static Map<String, Object> healthCheck(String name) {
        String body = ApiClient.admin().get("/health").expect(200).body();
        return Json.objects(Json.object(Json.parse(body)).get("checks")).stream()
                .filter(c -> name.equals(c.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no health check " + name + " in " + body));
    }

    public static Map<String, Object> host(String name) {
        return admin().get("/hosts").expect(200).objects().stream().filter(h -> name.equals(h.get("name")))
                .findFirst().orElseThrow(() -> new AssertionError("the broker has no host named " + name
                        + "; it registers \"local\" at start (see the portal's log)"));
    }

    public static String localHostId() {
        return Json.str(host("local"), "id");
    }

    /** Registers $VDI_GOLDEN_VOLUME of the local host as a new image; returns its id. */
    public static String registerGoldenImage(String name) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("description", "integration test image");
        body.put("hostId", localHostId());
        body.put("volume", ItEnv.goldenVolume());
        return admin().post("/images", body).expect(201).field("id");
    }

    /**
     * Pool settings with small, test-friendly defaults (linked, 128 MiB,
     * entitled to group /staff); the caller adds or overrides the rest.
     */
    public static Map<String, Object> poolSettings(String name, String imageId) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("name", name);
        s.put("imageId", imageId);
        s.put("cloneMode", "linked");
        s.put("memoryMib", 128);
        s.put("vcpus", 1);
        s.put("entitledGroups", List.of("/staff"));
        return s;
    }

    public static String createPool(Map<String, Object> settings) {
        return admin().post("/pools", settings).expect(201).field("id");
    }

    /**
     * A floating pool of one desktop, kept across holders (so the next holder gets
     * the same desktop), with VNC and SPICE, on a golden image of its own; returns
     * once its desktop is available.
     */
    public static String createOneKeptDesktopPool(String kind) {
        Map<String, Object> s = poolSettings(ItEnv.unique(kind), registerGoldenImage(ItEnv.unique("img")));
        s.put("assignment", "floating");
        s.put("logoffPolicy", "keep");
        s.put("minSpare", 1);
        s.put("maxSize", 1);
        s.put("protocols", List.of("vnc", "spice"));
        String id = createPool(s);
        awaitDesktops(id, 1, "available", Duration.ofMinutes(3));
        return id;
    }

    public static List<Map<String, Object>> desktops(String poolId) {
        return admin().get("/pools/" + poolId + "/desktops").expect(200).objects();
    }

    public static Map<String, Object> desktop(String desktopId) {
        return admin().get("/desktops/" + desktopId).expect(200).object();
    }

    /** "name=state" for each desktop, for failure messages. */
    public static String describe(List<Map<String, Object>> desktops) {
        return desktops.stream().map(d -> d.get("name") + "@" + d.get("host") + "=" + d.get("state")
                + (d.get("stateCause") == null ? "" : " (" + d.get("stateCause") + ")"))
                .collect(Collectors.joining(", ", "[", "]"));
    }

    /** Waits until the pool has exactly {@code count} desktops, all in {@code state}. */
    public static List<Map<String, Object>> awaitDesktops(String poolId, int count, String state, Duration timeout) {
        return Wait.until(count + " desktops " + state + " in pool " + poolId, timeout, Duration.ofSeconds(2),
                () -> new Described(desktops(poolId)),
                d -> d.list().size() == count && d.list().stream().allMatch(x -> state.equals(x.get("state"))))
                .list();
    }

    /** Waits until the desktop is in the state; returns it. */
    public static Map<String, Object> awaitDesktopState(String desktopId, String state, Duration timeout) {
        return Wait.until("desktop " + desktopId + " " + state, timeout, Duration.ofMillis(500),
                () -> desktop(desktopId), d -> state.equals(d.get("state")));
    }

    /**
     * Keeps the pool's serial logs and domain XML as artifacts, deletes the pool
     * with force, and waits until the broker has removed it with all its desktops.
     */
    public static void deletePool(String test, String poolId) {
        ApiClient.ApiResponse pool = admin().get("/pools/" + poolId);
        if (pool.status() == 404) {
            return;
        }
        for (Map<String, Object> d : desktops(poolId)) {
            Artifacts.keepDesktop(test, Json.str(d, "name"));
        }
        admin().delete("/pools/" + poolId + "?force=true").expect(202, 204);
        Wait.until("pool " + poolId + " and its desktops removed after DELETE ?force=true", DRAIN_TIMEOUT,
                Duration.ofSeconds(2), () -> admin().get("/pools/" + poolId), r -> r.status() == 404);
    }

    /** A list of desktops whose toString shows names and states (for timeouts). */
    record Described(List<Map<String, Object>> list) {
        @Override
        public String toString() {
            return describe(list);
        }
    }
}
