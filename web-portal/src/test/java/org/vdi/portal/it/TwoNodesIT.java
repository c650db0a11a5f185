package org.vdi.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import org.vdi.portal.console.GuacamoleClient;
import org.vdi.portal.it.ApiClient.ApiResponse;

/**
 * Two broker nodes of the same build on one PostgreSQL, as behind a load
 * balancer: a login storm spread across both gives exactly one user per
 * desktop; a console ticket issued by one node opens the console through the
 * other; and the node that holds a pool's lease, killed with SIGKILL while it
 * provisions the pool, leaves nothing half-made: the other node completes the
 * pool and no domain or volume is left without its desktop.
 *
 * <p>scripts/test.sh runs this class in a stage of its own, with the second
 * node started (VDI_NODE2_URL); the main round excludes it. NOTE: the last test
 * kills a node, so it runs last (the order is declared, not assumed); the stage
 * starts node 1 again afterwards when it was the one killed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoNodesIT {

    private static final int USERS = 20;
    private static final int DESKTOPS = 6;

    /** Node name -> portal URL, as the stage names them (VDI_NODE_NAME of each). */
    private static Map<String, String> nodes() {
        return Map.of(ItEnv.require("VDI_NODE1_NAME"), ItEnv.portalUrl(),
                ItEnv.require("VDI_NODE2_NAME"), stripSlash(ItEnv.require("VDI_NODE2_URL")));
    }

    private static String node2() {
        return stripSlash(ItEnv.require("VDI_NODE2_URL"));
    }

    @Test
    @Order(1)
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void aStormSpreadOverBothNodesGivesOneUserPerDesktopAndTicketsCrossNodes() throws Exception {
        String run = ItEnv.random(6);
        String password = "pw-" + ItEnv.random(12);
        ExecutorService threads = Executors.newFixedThreadPool(USERS);
        try (Cleanup cleanup = new Cleanup()) {
            cleanup.add("stop threads", threads::shutdownNow);
            List<String> users = new ArrayList<>();
            for (int i = 0; i < USERS; i++) {
                String name = String.format("%s-2n-%s-%02d", ItEnv.prefix(), run, i);
                String id = Keycloak.createUser(name, password, List.of("staff"), List.of("vdi-user"));
                cleanup.add("delete Keycloak user " + name, () -> {
                    Keycloak.deleteUser(id);
                    Keycloak.forget(name);
                });
                users.add(name);
            }
            String imageId = Broker.registerGoldenImage(ItEnv.unique("img"));
            Map<String, Object> settings = Broker.poolSettings(ItEnv.unique("2n"), imageId);
            settings.put("assignment", "floating");
            settings.put("logoffPolicy", "keep");
            // what is tested is the nodes, not the guests: available once the domain runs
            settings.put("readiness", "boot");
            settings.put("minSpare", DESKTOPS);
            settings.put("maxSize", DESKTOPS);
            String poolId = Broker.createPool(settings);
            cleanup.add("delete pool", () -> Broker.deletePool("TwoNodesIT", poolId));
            Broker.awaitDesktops(poolId, DESKTOPS, "available", Duration.ofMinutes(6));

            // even users ask node 1, odd users node 2, all at once
            Map<String, ApiClient> clients = new HashMap<>();
            for (int i = 0; i < USERS; i++) {
                ApiClient c = ApiClient.as(users.get(i), password).login();
                clients.put(users.get(i), i % 2 == 0 ? c : c.on(node2()));
                // each node has verified the user's token once before the burst, so neither
                // starts it with a cold signature check while the other answers warm
                clients.get(users.get(i)).get("/me").expect(200);
            }
            CountDownLatch ready = new CountDownLatch(USERS);
            CountDownLatch go = new CountDownLatch(1);
            Map<String, Future<ApiResponse>> answers = new HashMap<>();
            for (String u : users) {
                answers.put(u, threads.submit(() -> {
                    ready.countDown();
                    go.await();
                    return clients.get(u).post("/pools/" + poolId + "/assignments", null);
                }));
            }
            assertTrue(ready.await(1, TimeUnit.MINUTES), "the request threads did not start");
            go.countDown();
            Map<String, String> desktopOf = new HashMap<>();
            List<ApiResponse> other = new ArrayList<>();
            int refused = 0;
            for (String u : users) {
                ApiResponse r = answers.get(u).get(3, TimeUnit.MINUTES);
                if (r.status() == 200) {
                    desktopOf.put(u, r.field("desktopId"));
                } else if (r.status() == 503 && "no_desktop_available".equals(r.errorCode())) {
                    refused++;
                } else {
                    other.add(r);
                }
            }
            assertTrue(other.isEmpty(), "every answer of either node is 200 or 503 no_desktop_available: " + other);
            assertEquals(DESKTOPS, desktopOf.size(), "exactly " + DESKTOPS + " users get a desktop: " + desktopOf);
            assertEquals(USERS - DESKTOPS, refused, "the others are told no_desktop_available");
            assertEquals(DESKTOPS, new HashSet<>(desktopOf.values()).size(), "one user per desktop: " + desktopOf);
            // which node wins each race is the race's; both took part (half the requests each, all
            // answered above), and a winner of either node is known to the other one:

            // the other node agrees: asking there again keeps the user on the same desktop
            for (Map.Entry<String, String> e : desktopOf.entrySet()) {
                int i = users.indexOf(e.getKey());
                ApiClient otherNode = i % 2 == 0 ? clients.get(e.getKey()).on(node2())
                        : ApiClient.as(e.getKey(), password);
                assertEquals(e.getValue(), otherNode.post("/pools/" + poolId + "/assignments", null).expect(200)
                        .field("desktopId"), e.getKey() + " asks the other node and keeps the desktop");
            }

            // a ticket issued by one node opens the console through the other, both ways
            List<String> winners = new ArrayList<>(desktopOf.keySet());
            String first = winners.get(0);
            String second = winners.get(1);
            ApiClient onNode1 = ApiClient.as(first, password);
            awaitRunning(desktopOf.get(first));
            assertConsoleOpensThrough(node2(), onNode1, desktopOf.get(first));
            ApiClient onNode2 = ApiClient.as(second, password).on(node2());
            awaitRunning(desktopOf.get(second));
            assertConsoleOpensThrough(ItEnv.portalUrl(), onNode2, desktopOf.get(second));

            for (Map.Entry<String, String> e : desktopOf.entrySet()) {
                ApiClient c = ApiClient.as(e.getKey(), password);
                c.get("/me/desktops").expect(200).objects().stream()
                        .filter(a -> poolId.equals(a.get("poolId")))
                        .forEach(a -> c.delete("/assignments/" + a.get("assignmentId")).expect(204));
            }
        }
    }

    /**
     * The node holding a new pool's lease is killed (SIGKILL) as soon as the
     * pool's first desktops exist and some are still being provisioned. Within
     * the lease (60 s) and the reconcile's settle time (90 s) the other node
     * takes the pool over, brings the interrupted desktops to available and the
     * pool to its size, and no domain or volume of the pool lacks its desktop.
     */
    @Test
    @Order(2)
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void theLeaseHolderKilledMidProvisioningLeavesNoHalfMadeDesktop() throws Exception {
        String imageId = Broker.registerGoldenImage(ItEnv.unique("img"));
        String poolName = ItEnv.unique("2k");
        Map<String, Object> settings = Broker.poolSettings(poolName, imageId);
        settings.put("assignment", "floating");
        settings.put("logoffPolicy", "refresh");
        settings.put("readiness", "boot");
        settings.put("minSpare", DESKTOPS);
        settings.put("maxSize", DESKTOPS);
        settings.put("namingPattern", poolName + "-{n}");
        String poolId = Broker.createPool(settings);
        // the pool goes through whichever node still runs (both, until the kill)
        Map<String, ApiClient> admins = new HashMap<>();
        nodes().forEach((name, url) -> admins.put(name, ApiClient.admin().on(url)));
        try (Cleanup cleanup = new Cleanup()) {
            cleanup.add("delete pool " + poolName, () -> {
                ApiClient admin = admins.values().iterator().next();
                admin.delete("/pools/" + poolId + "?force=true").expect(202, 204);
                Wait.until("pool " + poolId + " removed", Broker.DRAIN_TIMEOUT, Duration.ofSeconds(2),
                        () -> admin.get("/pools/" + poolId), r -> r.status() == 404);
            });

            // the lease holder, caught while the pool's first batch is provisioned
            Map<String, Object> caught = Wait.until("the first desktops of pool " + poolName
                    + " and its lease holder", Duration.ofSeconds(90), Duration.ofMillis(50),
                    () -> provisioningView(poolId),
                    v -> v.get("owner") != null && ((Number) v.get("provisioning")).intValue() > 0);
            String victim = (String) caught.get("owner");
            assertTrue(nodes().containsKey(victim), "the lease holder is one of the two nodes: " + caught);
            kill(victim);
            admins.remove(victim);
            Instant killed = Instant.now();
            String survivor = admins.keySet().iterator().next();
            ApiClient admin = admins.get(survivor);

            List<Map<String, Object>> done = Wait.until("pool " + poolName + " completed by " + survivor
                    + " after " + victim + " was killed (" + caught + ")", Duration.ofMinutes(5),
                    Duration.ofSeconds(2),
                    () -> new Broker.Described(admin.get("/pools/" + poolId + "/desktops").expect(200).objects()),
                    d -> d.list().size() == DESKTOPS
                            && d.list().stream().allMatch(x -> "available".equals(x.get("state"))))
                    .list();
            Duration took = Duration.between(killed, Instant.now());
            List<Map<String, Object>> lease = Db.query("SELECT owner FROM pool_lease WHERE pool_id = ?::uuid",
                    poolId);
            assertEquals(survivor, lease.get(0).get("owner"), "the survivor holds the pool's lease now");

            // nothing half-made: each desktop has its running domain and its disk, and no domain or
            // volume of the pool's naming pattern lacks its desktop
            Set<String> names = done.stream().map(d -> Json.str(d, "name")).collect(Collectors.toSet());
            for (String n : names) {
                assertEquals("running", Virsh.domState(n), "domain of desktop " + n);
                assertTrue(Virsh.volumeExists(ItEnv.storagePool(), n + ".qcow2"), "disk of desktop " + n);
            }
            Virsh.poolRefresh(ItEnv.storagePool());
            List<String> strayDomains = Virsh.allDomainNames().stream()
                    .filter(n -> n.startsWith(poolName + "-") && !names.contains(n)).toList();
            List<String> strayVolumes = Virsh.ok("vol-list", "--pool", ItEnv.storagePool()).lines().skip(2)
                    .map(String::strip).filter(l -> !l.isEmpty()).map(l -> l.split("\\s+")[0])
                    .filter(v -> v.startsWith(poolName + "-") && !names.contains(v.replaceFirst("\\.qcow2$", "")))
                    .toList();
            assertTrue(strayDomains.isEmpty(), "domains without a desktop: " + strayDomains);
            assertTrue(strayVolumes.isEmpty(), "volumes without a desktop: " + strayVolumes);
            System.out.printf("TwoNodesIT: %s killed while provisioning (%s); %s completed the pool in %d s%n",
                    victim, caught, survivor, took.toSeconds());
        }
    }

    /** The pool's lease holder (or null) and how many of its desktops are still being provisioned. */
    private static Map<String, Object> provisioningView(String poolId) {
        Map<String, Object> v = new HashMap<>();
        List<Map<String, Object>> lease = Db.query("SELECT owner FROM pool_lease WHERE pool_id = ?::uuid", poolId);
        v.put("owner", lease.isEmpty() ? null : lease.get(0).get("owner"));
        List<Map<String, Object>> states = Db.query(
                "SELECT state, count(*) AS n FROM desktop WHERE pool_id = ?::uuid GROUP BY state", poolId);
        int provisioning = 0;
        for (Map<String, Object> s : states) {
            v.put(String.valueOf(s.get("state")).toLowerCase(), s.get("n"));
            if ("PROVISIONING".equalsIgnoreCase(String.valueOf(s.get("state")))) {
                provisioning = ((Number) s.get("n")).intValue();
            }
        }
        v.put("provisioning", provisioning);
        return v;
    }

    /** SIGKILL to the node's Payara process (its pid file, as scripts/payara.sh writes it). */
    private static void kill(String node) {
        String pidFile = node.equals(ItEnv.require("VDI_NODE1_NAME")) ? "payara.pid" : "payara-2.pid";
        try {
            long pid = Long.parseLong(Files.readString(Path.of(ItEnv.require("VDI_STATE"), "run", pidFile)).strip());
            ProcessHandle p = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError(node + " (pid " + pid
                    + ") does not run"));
            Process k = new ProcessBuilder("kill", "-KILL", Long.toString(pid)).inheritIO().start();
            assertEquals(0, k.waitFor(), "kill -KILL " + pid);
            p.onExit().get(30, TimeUnit.SECONDS);
        } catch (IOException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError("could not kill node " + node + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void awaitRunning(String desktopId) {
        Wait.until("desktop " + desktopId + " running for its user", Duration.ofMinutes(3), Duration.ofSeconds(1),
                () -> Broker.desktop(desktopId),
                d -> "assigned".equals(d.get("state")) || "in-use".equals(d.get("state")));
    }

    /**
     * A ticket from the node {@code issuer} talks to opens the desktop's console
     * through the node at {@code portalUrl}: the tunnel's address as issued, with
     * that node's host and port, and the public origin of both.
     */
    private static void assertConsoleOpensThrough(String portalUrl, ApiClient issuer, String desktopId) {
        Map<String, Object> t = issuer.post("/desktops/" + desktopId + "/console-tickets", null).expect(201).object();
        URI issued = URI.create(Json.str(t, "tunnelUrl"));
        URI other = URI.create(portalUrl);
        String tunnel = issued.getScheme() + "://" + other.getHost() + ":" + other.getPort() + issued.getRawPath();
        try (GuacamoleClient c = GuacamoleClient.open(tunnel, Json.str(t, "ticket"), ItEnv.portalUrl())) {
            c.await("ready", Duration.ofSeconds(60));
            c.await("a drawing instruction", i -> Set.of("img", "png", "blob", "rect", "cfill", "copy", "jpeg")
                    .contains(i.opcode()), Duration.ofSeconds(60));
        }
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
