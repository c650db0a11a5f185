package org.vdi.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vdi.portal.console.GuacamoleClient;

/**
 * {@code /metrics} in Prometheus text, as Payara serves it from MicroProfile
 * Metrics: every {@code vdi_} family with its type, and the series moving with
 * real work (an assignment, a console through the tunnel, a replayed ticket, a
 * host libvirt cannot reach). Strangers and plain users are refused it.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class MetricsIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .version(HttpClient.Version.HTTP_1_1).build();
    /** Longer than the fleet gauges' cache (vdi.metrics.fleet-cache-seconds, 5 by default). */
    private static final Duration GAUGES = Duration.ofSeconds(30);

    private static String poolId;
    private static String pool;

    @BeforeAll
    static void pool() {
        String image = Broker.registerGoldenImage(ItEnv.unique("img"));
        pool = ItEnv.unique("met");
        Map<String, Object> s = Broker.poolSettings(pool, image);
        s.put("minSpare", 1);
        s.put("maxSize", 2);
        s.put("assignment", "floating");
        s.put("logoffPolicy", "keep");
        poolId = Broker.createPool(s);
        Broker.awaitDesktops(poolId, 1, "available", Duration.ofMinutes(3));
    }

    @AfterAll
    static void dropPool() {
        if (poolId != null) {
            ApiClient.alice().get("/me/desktops").expect(200).objects().stream()
                    .filter(a -> poolId.equals(a.get("poolId")))
                    .forEach(a -> ApiClient.alice().delete("/assignments/" + a.get("assignmentId")).expect(204));
            Broker.deletePool("MetricsIT", poolId);
        }
    }

    @Test
    void strangersAndPlainUsersAreRefused() {
        for (String path : List.of("/metrics", "/metrics?scope=application", "/metrics/application",
                "/metrics/")) {
            HttpResponse<String> anonymous = get(path, null);
            assertEquals(401, anonymous.statusCode(), path + ": " + anonymous.body());
            assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"),
                    path + " challenges for a bearer token");
            assertFalse(anonymous.body().contains("vdi_"), anonymous.body());
        }
        HttpResponse<String> alice = get("/metrics", Keycloak.token("alice", "alice"));
        assertEquals(403, alice.statusCode(), alice.body());
        assertFalse(alice.body().contains("vdi_"));
        HttpResponse<String> forged = get("/metrics", "not-a-token");
        assertEquals(401, forged.statusCode());
        HttpResponse<String> admin = get("/metrics", Keycloak.token("admin", "admin"));
        assertEquals(200, admin.statusCode(), admin.body());
        assertTrue(admin.body().contains("vdi_desktops"), admin.body());
    }

    @Test
    void theSeriesMoveWithAssignmentsConsolesAndFailures() {
        Scrape s0 = Wait.until("the pool's gauges", GAUGES, MetricsIT::scrape,
                s -> s.value("vdi_desktops", Map.of("pool", pool, "state", "available")) >= 1);
        assertEquals("gauge", s0.type("vdi_desktops"));
        for (String state : List.of("provisioning", "stopped", "starting", "available", "assigned", "in-use",
                "refreshing", "deleting", "error", "unavailable")) {
            assertTrue(s0.has("vdi_desktops", Map.of("pool", pool, "state", state)), "state " + state);
        }
        assertEquals("gauge", s0.type("vdi_monitor_lease"));
        List<Sample> lease = s0.find("vdi_monitor_lease", Map.of("pool", pool));
        assertEquals(1, lease.size(), lease.toString());
        assertEquals(1.0, lease.get(0).value());
        assertFalse(lease.get(0).labels().getOrDefault("owner", "").isBlank(), "the owner is named: " + lease);
        assertEquals("gauge", s0.type("vdi_console_sessions"));
        assertTrue(s0.has("vdi_console_sessions", Map.of("protocol", "guacamole")));
        assertTrue(s0.has("vdi_console_sessions", Map.of("protocol", "spice")));
        String provisioning = s0.family("vdi_provisioning_duration");
        assertTrue(Set.of("summary", "histogram").contains(s0.type(provisioning)), s0.type(provisioning));
        assertEquals("vdi_provisioning_duration_seconds", provisioning, "in seconds");
        double provisioned = s0.value(provisioning + "_count", Map.of("host", "local"));
        assertTrue(provisioned >= 1, "the pool's desktop was provisioned on the local host");
        double took = s0.value(provisioning + "_sum", Map.of("host", "local")) / provisioned;
        assertTrue(took > 0 && took < 300, "seconds, not nanoseconds: " + took);

        // an assignment: counted by pool and outcome, timed, and the desktop leaves "available"
        double assigned = s0.value("vdi_assignments_total", Map.of("pool", pool, "outcome", "assigned"));
        double held = s0.value("vdi_desktops", Map.of("pool", pool, "state", "assigned"))
                + s0.value("vdi_desktops", Map.of("pool", pool, "state", "in-use"));
        assertEquals(0.0, held, "nobody holds a desktop of the new pool yet");
        String desktop = ApiClient.alice().post("/pools/" + poolId + "/assignments", null).expect(200, 201)
                .field("desktopId");
        Scrape s1 = scrape();
        assertEquals("counter", s1.type("vdi_assignments_total"));
        assertEquals(assigned + 1, s1.value("vdi_assignments_total", Map.of("pool", pool, "outcome", "assigned")),
                s1.find("vdi_assignments_total", Map.of("pool", pool)).toString());
        String latency = s1.family("vdi_assignment_latency");
        assertTrue(Set.of("summary", "histogram").contains(s1.type(latency)), s1.type(latency));
        assertEquals("vdi_assignment_latency_seconds", latency);
        assertTrue(s1.value(latency + "_count", Map.of("pool", pool)) >= 1);
        assertTrue(s1.value(latency + "_sum", Map.of("pool", pool)) < 60, "seconds: "
                + s1.find(latency + "_sum", Map.of("pool", pool)));
        Wait.until("the assigned desktop in vdi_desktops", GAUGES, MetricsIT::scrape,
                s -> s.value("vdi_desktops", Map.of("pool", pool, "state", "assigned"))
                        + s.value("vdi_desktops", Map.of("pool", pool, "state", "in-use")) == 1);
        double reused = s1.value("vdi_assignments_total", Map.of("pool", pool, "outcome", "reused"));
        ApiClient.alice().post("/pools/" + poolId + "/assignments", null).expect(200, 201);
        assertEquals(reused + 1, scrape().value("vdi_assignments_total", Map.of("pool", pool, "outcome",
                "reused")), "asking again is counted as reused");
        Broker.awaitDesktopState(desktop, "assigned", Duration.ofMinutes(2));

        // a console: the open-sessions gauge while it is open, bytes both ways, and a replayed ticket refused
        Scrape s2 = scrape();
        double open = s2.value("vdi_console_sessions", Map.of("protocol", "guacamole"));
        double out = s2.value("vdi_console_bytes_total", Map.of("direction", "out"));
        double in = s2.value("vdi_console_bytes_total", Map.of("direction", "in"));
        double used = s2.value("vdi_ticket_refusals_total", Map.of("reason", "ticket_used"));
        Map<String, Object> t = ApiClient.alice().post("/desktops/" + desktop + "/console-tickets", null)
                .expect(201).object();
        String ticket = Json.str(t, "ticket");
        try (GuacamoleClient c = GuacamoleClient.open(Json.str(t, "tunnelUrl"), ticket, ItEnv.portalUrl())) {
            c.await("ready", Duration.ofSeconds(30));
            c.await("a drawing instruction", i -> Set.of("img", "png", "blob", "rect", "cfill", "copy", "jpeg")
                    .contains(i.opcode()), Duration.ofSeconds(60));
            c.send("0.,4.ping,3.123;");
            Scrape s3 = Wait.until("bytes counted", GAUGES, MetricsIT::scrape,
                    s -> s.value("vdi_console_bytes_total", Map.of("direction", "in")) > in);
            assertEquals(open + 1, s3.value("vdi_console_sessions", Map.of("protocol", "guacamole")),
                    "the open console is counted");
            assertEquals("counter", s3.type("vdi_console_bytes_total"));
            assertTrue(s3.value("vdi_console_bytes_total", Map.of("direction", "out")) > out + 100,
                    "the display's drawing went out");
            try (GuacamoleClient replay = GuacamoleClient.open(Json.str(t, "tunnelUrl"), ticket,
                    ItEnv.portalUrl())) {
                replay.await("error", Duration.ofSeconds(20));
                replay.awaitClose(Duration.ofSeconds(15));
            }
            Scrape s4 = scrape();
            assertEquals("counter", s4.type("vdi_ticket_refusals_total"));
            assertEquals(used + 1, s4.value("vdi_ticket_refusals_total", Map.of("reason", "ticket_used")),
                    s4.find("vdi_ticket_refusals_total", Map.of()).toString());
        }
        Wait.until("the closed console no longer counted", GAUGES, MetricsIT::scrape,
                s -> s.value("vdi_console_sessions", Map.of("protocol", "guacamole")) == open);

        // a host libvirt cannot reach: its failed connection is counted as the broker's host_unavailable
        double unreachable = scrape().value("vdi_libvirt_errors_total", Map.of("error", "host_unavailable"));
        Map<String, Object> host = new LinkedHashMap<>();
        host.put("name", ItEnv.unique("gone"));
        host.put("libvirtUri", "test:///nonexistent-" + ItEnv.random(8) + "/node.xml");
        host.put("storagePool", "default");
        host.put("virtualizationType", "qemu");
        host.put("maxDesktops", 1);
        int status = ApiClient.admin().post("/hosts", host).status();
        assertNotEquals(201, status, "a host libvirt cannot open is not registered");
        Scrape s5 = scrape();
        assertEquals("counter", s5.type("vdi_libvirt_errors_total"));
        assertTrue(s5.value("vdi_libvirt_errors_total", Map.of("error", "host_unavailable")) > unreachable,
                s5.find("vdi_libvirt_errors_total", Map.of()).toString());
        for (Sample x : s5.find("vdi_libvirt_errors_total", Map.of())) {
            assertTrue(x.labels().get("code").matches("[a-z0-9_]+"), "a code, never text: " + x);
        }

        // no user name or desktop id in any tag
        for (Sample x : s5.samples()) {
            if (x.name().startsWith("vdi_")) {
                assertFalse(x.labels().containsValue("alice") || x.labels().containsValue(desktop), x.toString());
            }
        }
    }

    // ---- scraping and Prometheus text

    private static HttpResponse<String> get(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(ItEnv.portalUrl() + path))
                .timeout(Duration.ofSeconds(30)).header("Accept", "text/plain");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("GET " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** One scrape as an administrator. */
    static Scrape scrape() {
        HttpResponse<String> r = get("/metrics", Keycloak.token("admin", "admin"));
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"),
                r.headers().toString());
        return Scrape.parse(r.body());
    }

    record Sample(String name, Map<String, String> labels, double value) {
    }

    /** A scrape's samples and the types its {@code # TYPE} lines declare. */
    record Scrape(List<Sample> samples, Map<String, String> types) {

        static Scrape parse(String text) {
            List<Sample> samples = new ArrayList<>();
            Map<String, String> types = new LinkedHashMap<>();
            for (String line : text.split("\n")) {
                if (line.startsWith("# TYPE ")) {
                    String[] p = line.substring(7).trim().split(" ");
                    types.put(p[0], p[1]);
                } else if (!line.isBlank() && !line.startsWith("#")) {
                    samples.add(sample(line));
                }
            }
            return new Scrape(samples, types);
        }

        private static Sample sample(String line) {
            int brace = line.indexOf('{');
            int space = line.indexOf(' ');
            Map<String, String> labels = new LinkedHashMap<>();
            String name;
            int i;
            if (brace >= 0 && brace < space) {
                name = line.substring(0, brace);
                i = brace + 1;
                while (line.charAt(i) != '}') {
                    int eq = line.indexOf('=', i);
                    String key = line.substring(i, eq).trim();
                    StringBuilder v = new StringBuilder();
                    int j = eq + 2; // past ="
                    for (; line.charAt(j) != '"'; j++) {
                        char ch = line.charAt(j);
                        if (ch == '\\') {
                            char next = line.charAt(++j);
                            v.append(next == 'n' ? '\n' : next);
                        } else {
                            v.append(ch);
                        }
                    }
                    labels.put(key, v.toString());
                    i = j + 1;
                    if (line.charAt(i) == ',') {
                        i++;
                    }
                }
                i++;
            } else {
                name = line.substring(0, space);
                i = space;
            }
            String[] rest = line.substring(i).trim().split(" ");
            return new Sample(name, labels, Double.parseDouble(rest[0]));
        }

        List<Sample> find(String name, Map<String, String> labels) {
            Predicate<Sample> match = s -> s.name().equals(name)
                    && labels.entrySet().stream().allMatch(e -> e.getValue().equals(s.labels().get(e.getKey())));
            return samples.stream().filter(match).toList();
        }

        boolean has(String name, Map<String, String> labels) {
            return !find(name, labels).isEmpty();
        }

        /** The sum of the matching samples; 0 when there is none (a counter not yet touched). */
        double value(String name, Map<String, String> labels) {
            return find(name, labels).stream().mapToDouble(Sample::value).sum();
        }

        String type(String family) {
            String t = types.get(family);
            if (t == null) {
                throw new AssertionError("no # TYPE line for " + family + "; the vdi_ families are "
                        + types.keySet().stream().filter(k -> k.startsWith("vdi_")).toList());
            }
            return t;
        }

        /** The one declared family whose name starts with {@code prefix} (a timer gets its unit appended). */
        String family(String prefix) {
            List<String> f = types.keySet().stream().filter(k -> k.startsWith(prefix)
                    && !k.endsWith("_max") && !k.endsWith("_mean")).toList();
            if (f.size() != 1) {
                throw new AssertionError("expected one family " + prefix + "*, found " + f + " among "
                        + types.keySet().stream().filter(k -> k.startsWith("vdi_")).toList());
            }
            return f.get(0);
        }
    }
}
