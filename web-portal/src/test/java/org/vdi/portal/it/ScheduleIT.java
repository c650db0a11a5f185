package org.vdi.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Capacity schedules (issue 16) against the real broker, monitor, database
 * and libvirt, on the real clock: a rule whose window starts a minute or two
 * from now and lasts one minute. Before the window (and its ramp-up) the pool
 * keeps its own zero spares; the monitor brings the window's spares up by its
 * start; a user takes one, and it is replaced; after the end the free spares
 * are deleted and the user's desktop stays.
 */
class ScheduleIT {

    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    private static final List<String> EVERY_DAY = List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN");

    private static Map<String, Object> rule(Instant start, Instant end, int spares, Integer maxSize) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("days", EVERY_DAY);
        r.put("start", HH_MM.format(start));
        r.put("end", HH_MM.format(end));
        r.put("zone", "UTC");
        r.put("spareTarget", spares);
        r.put("maxSize", maxSize);
        return r;
    }

    private static ApiClient.ApiResponse put(String poolId, List<Map<String, Object>> rules) {
        return ApiClient.admin().put("/pools/" + poolId + "/schedule", Map.of("rules", rules));
    }

    private static Map<String, Object> schedule(String poolId) {
        return ApiClient.admin().get("/pools/" + poolId + "/schedule").expect(200).object();
    }

    private static int spareTargetNow(Map<String, Object> schedule) {
        return ((Number) Json.object(schedule.get("targetNow")).get("spareTarget")).intValue();
    }

    /** Seconds from PROVISIONING to AVAILABLE of a desktop, from the transitions the database recorded. */
    private static double startSeconds(String desktopId) {
        Object s = Db.query("SELECT extract(epoch from max(at) FILTER (WHERE to_state = 'AVAILABLE')"
                + " - min(at) FILTER (WHERE to_state = 'PROVISIONING')) AS s FROM desktop_transition"
                + " WHERE desktop_id = ?::uuid", desktopId).get(0).get("s");
        return ((Number) s).doubleValue();
    }

    private static void awaitInstant(Instant t) {
        Duration d = Duration.between(Instant.now(), t);
        if (!d.isNegative()) {
            Wait.sleep(d);
        }
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void theMonitorFollowsAWindowUpAndDownKeepingTheHeldDesktop() {
        try (Cleanup cleanup = new Cleanup()) {
            String imageId = Broker.registerGoldenImage(ItEnv.unique("img"));
            Map<String, Object> settings = Broker.poolSettings(ItEnv.unique("sc"), imageId);
            settings.put("minSpare", 0);
            settings.put("maxSize", 1);
            settings.put("readiness", "boot");
            String poolId = Broker.createPool(settings);
            cleanup.add("delete pool", () -> Broker.deletePool("ScheduleIT", poolId));

            // a window starting on a minute boundary 90 to 150 s from now, one minute long
            Instant start = Instant.now().plusSeconds(90).truncatedTo(ChronoUnit.MINUTES).plusSeconds(60);
            Instant end = start.plusSeconds(60);

            // bad input: a clear error beside the field
            assertEquals("rules[0].end", put(poolId, List.of(rule(start, start, 2, 3)))
                    .expectError(400, "invalid_input").field("field"));
            Map<String, Object> unknownZone = rule(start, end, 2, 3);
            unknownZone.put("zone", "Europe/Atlantis");
            assertEquals("rules[0].zone", put(poolId, List.of(unknownZone)).expectError(400, "invalid_input")
                    .field("field"));
            assertEquals("rules[0].spareTarget", put(poolId, List.of(rule(start, end, 2, null)))
                    .expectError(400, "invalid_input").field("field"), "2 spares above the pool's maxSize of 1");

            Map<String, Object> s = put(poolId, List.of(rule(start, end, 2, 3))).expect(200).object();
            assertEquals(0, spareTargetNow(s));
            assertNull(Json.object(s.get("targetNow")).get("rule"));
            Map<String, Object> next = Json.object(s.get("nextChange"));
            assertEquals(start, Instant.parse(Json.str(next, "at")));
            assertEquals(2, ((Number) next.get("spareTarget")).intValue());
            assertEquals(3, ((Number) next.get("maxSize")).intValue());
            assertEquals(0, ((Number) next.get("rule")).intValue());
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> strip = (List<Map<String, Object>>) s.get("strip");
            assertEquals(96, strip.size());
            assertEquals(15, ((Number) s.get("stripMinutes")).intValue());
            assertEquals(schedule(poolId).get("rules"), s.get("rules"), "GET answers the rules PUT stored");

            // before the ramp-up (two desktops' start time plus a cycle ahead) the pool stays empty
            Map<String, Object> applied = Json.object(s.get("applied"));
            double perDesktop = ((Number) applied.get("startSeconds")).doubleValue();
            Instant rampFrom = start.minusSeconds((long) Math.ceil(2 * perDesktop) + 3);
            Instant quietUntil = rampFrom.minusSeconds(10);
            while (Instant.now().isBefore(quietUntil)) {
                List<Map<String, Object>> now = Broker.desktops(poolId);
                assertTrue(now.isEmpty(), "no desktops before the ramp-up from " + rampFrom + ": "
                        + Broker.describe(now));
                Wait.sleep(Duration.ofSeconds(2));
            }

            // the window's two spares, ready by its start (plus a little for a slow host)
            List<Map<String, Object>> up = Broker.awaitDesktops(poolId, 2, "available",
                    Duration.between(Instant.now(), start.plusSeconds(30)));
            // from now on the ramp-up counts the pool's measured starts, not the default: the median
            // of the two desktops' times from provisioning to available
            double measured = up.stream().mapToDouble(d -> startSeconds(Json.str(d, "id"))).average().orElseThrow();
            double counted = ((Number) Json.object(schedule(poolId).get("applied")).get("startSeconds")).doubleValue();
            assertEquals(measured, counted, 0.01, "the start time the ramp-up counts per desktop");

            awaitInstant(start);
            List<Object> atStart = Broker.desktops(poolId).stream().map(d -> d.get("id")).toList();
            assertTrue(atStart.containsAll(up.stream().map(d -> d.get("id")).toList()),
                    "the ramped-up spares are still there at the start, not deleted and made again: " + up + " / "
                            + atStart);
            Map<String, Object> during = schedule(poolId);
            assertEquals(2, spareTargetNow(during));
            assertEquals(0, ((Number) Json.object(during.get("targetNow")).get("rule")).intValue());
            assertEquals(end, Instant.parse(Json.str(Json.object(during.get("nextChange")), "at")));

            // a user takes one; the monitor tops the spares up to two again, within the rule's size cap of 3
            String held = ApiClient.alice().post("/pools/" + poolId + "/assignments", Map.of()).expect(200)
                    .field("desktopId");
            Wait.until("3 desktops, 2 free available, in pool " + poolId, Duration.ofSeconds(50),
                    Duration.ofSeconds(1), () -> new Broker.Described(Broker.desktops(poolId)),
                    d -> d.list().size() == 3 && d.list().stream().filter(x -> !held.equals(x.get("id")))
                            .allMatch(x -> "available".equals(x.get("state"))));

            // after the end: target 0 again, the free spares deleted, the user's desktop kept
            awaitInstant(end);
            assertEquals(0, spareTargetNow(schedule(poolId)));
            List<Map<String, Object>> left = Wait.until("only the held desktop left in pool " + poolId,
                    Duration.ofSeconds(90), Duration.ofSeconds(2), () -> new Broker.Described(Broker.desktops(poolId)),
                    d -> d.list().size() == 1).list();
            assertEquals(held, left.get(0).get("id"));
            assertEquals("assigned", left.get(0).get("state"));
            String gone = Json.str(up.stream().filter(x -> !held.equals(x.get("id"))).findFirst().orElseThrow(),
                    "id");
            assertTrue(Db.transitions(gone).stream().anyMatch(t -> "DELETING".equals(t.get("to_state"))
                    && String.valueOf(t.get("cause")).startsWith("capacity schedule: above the spare target of 0")),
                    "deleted by the schedule: " + Db.transitions(gone));
        }
    }
}
