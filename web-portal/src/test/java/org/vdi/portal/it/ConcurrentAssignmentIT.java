package org.vdi.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
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

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.vdi.portal.it.ApiClient.ApiResponse;

/**
 * Fifty users ask a pool of ten warm spares for a desktop at the same moment:
 * exactly ten get one, each a different desktop, and the other forty are told
 * 503 no_desktop_available. Asking again keeps a user on their desktop.
 */
class ConcurrentAssignmentIT {

    private static final int USERS = 50;
    private static final int DESKTOPS = 10;

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void fiftyConcurrentRequestsGetExactlyTenDistinctDesktops() throws Exception {
        String run = ItEnv.random(6);
        String password = "pw-" + ItEnv.random(12);
        ExecutorService threads = Executors.newFixedThreadPool(USERS);
        ExecutorService logins = Executors.newFixedThreadPool(4);
        try (Cleanup cleanup = new Cleanup()) {
            cleanup.add("stop threads", () -> {
                threads.shutdownNow();
                logins.shutdownNow();
            });

            // 50 users in group staff with role vdi-user
            List<String> users = new ArrayList<>();
            for (int i = 0; i < USERS; i++) {
                String name = String.format("%s-cc-%s-%02d", ItEnv.prefix(), run, i);
                String id = Keycloak.createUser(name, password, List.of("staff"), List.of("vdi-user"));
                cleanup.add("delete Keycloak user " + name, () -> {
                    Keycloak.deleteUser(id);
                    Keycloak.forget(name);
                });
                users.add(name);
            }

            String imageId = Broker.registerGoldenImage(ItEnv.unique("img"));
            Map<String, Object> settings = Broker.poolSettings(ItEnv.unique("cc"), imageId);
            settings.put("assignment", "floating");
            settings.put("logoffPolicy", "keep");
            settings.put("minSpare", DESKTOPS);
            settings.put("maxSize", DESKTOPS);
            String poolId = Broker.createPool(settings);
            cleanup.add("delete pool", () -> Broker.deletePool("ConcurrentAssignmentIT", poolId));

            Broker.awaitDesktops(poolId, DESKTOPS, "available", Duration.ofMinutes(5));

            // the tokens now (fifty password grants, a few at a time), so the burst below is only the broker
            Map<String, ApiClient> clients = new HashMap<>();
            List<Future<?>> pending = new ArrayList<>();
            for (String u : users) {
                ApiClient c = ApiClient.as(u, password);
                clients.put(u, c);
                pending.add(logins.submit(c::login));
            }
            for (Future<?> f : pending) {
                f.get(2, TimeUnit.MINUTES);
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
            assertTrue(ready.await(1, TimeUnit.MINUTES), "the fifty request threads did not start");
            go.countDown();

            Map<String, ApiResponse> won = new HashMap<>();
            List<ApiResponse> lost = new ArrayList<>();
            List<ApiResponse> other = new ArrayList<>();
            for (String u : users) {
                ApiResponse r = answers.get(u).get(3, TimeUnit.MINUTES);
                if (r.status() == 200) {
                    won.put(u, r);
                } else if (r.status() == 503 && "no_desktop_available".equals(r.errorCode())) {
                    lost.add(r);
                } else {
                    other.add(r);
                }
            }
            assertTrue(other.isEmpty(), "every answer is 200 or 503 no_desktop_available; others: " + other);
            assertEquals(DESKTOPS, won.size(), "exactly " + DESKTOPS + " requests get a desktop: " + won.values());
            assertEquals(USERS - DESKTOPS, lost.size(), "the others are told no_desktop_available");

            Set<String> desktopIds = new HashSet<>();
            Map<String, String> desktopOf = new HashMap<>();
            for (Map.Entry<String, ApiResponse> e : won.entrySet()) {
                Map<String, Object> a = e.getValue().object();
                assertTrue(a.get("assignmentId") != null && a.get("desktopName") != null, "assignment: " + a);
                desktopIds.add(Json.str(a, "desktopId"));
                desktopOf.put(e.getKey(), Json.str(a, "desktopId"));
            }
            assertEquals(DESKTOPS, desktopIds.size(), "ten different desktops for ten users: " + desktopOf);

            // the broker's view agrees: each desktop held by exactly the user it was given to
            List<Map<String, Object>> desktops = Broker.desktops(poolId);
            Map<String, String> holder = desktops.stream().filter(d -> d.get("assignedTo") != null)
                    .collect(Collectors.toMap(d -> Json.str(d, "id"), d -> Json.str(d, "assignedTo")));
            assertEquals(DESKTOPS, holder.size(), "all desktops are assigned: " + Broker.describe(desktops));
            for (Map.Entry<String, String> e : desktopOf.entrySet()) {
                assertEquals(e.getKey(), holder.get(e.getValue()), "holder of desktop " + e.getValue());
            }

            // asking again: the same desktop and assignment for a winner, still none for a loser
            for (Map.Entry<String, ApiResponse> e : won.entrySet()) {
                ApiResponse again = clients.get(e.getKey()).post("/pools/" + poolId + "/assignments", null)
                        .expect(200);
                assertEquals(e.getValue().field("desktopId"), again.field("desktopId"),
                        e.getKey() + " asks again and keeps the desktop");
                assertEquals(e.getValue().field("assignmentId"), again.field("assignmentId"),
                        e.getKey() + " asks again and keeps the assignment");
            }
            String loser = lost.get(0).user();
            clients.get(loser).post("/pools/" + poolId + "/assignments", null)
                    .expectError(503, "no_desktop_available");
        }
    }
}
