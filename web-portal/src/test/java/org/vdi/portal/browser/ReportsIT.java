package org.vdi.portal.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.vdi.portal.it.ApiClient;
import org.vdi.portal.it.Broker;
import org.vdi.portal.it.Db;
import org.vdi.portal.it.ItEnv;
import org.vdi.portal.it.Json;

/**
 * The Reports page and API against the real Payara, PostgreSQL and Keycloak,
 * in headless Chromium: usage rows of a pool of its own, generated on a day
 * long past, show as charts with the expected marks (peak in use across hour
 * boundaries, logons, session length and time to desktop percentiles,
 * refusals, users by time), and every chart's CSV download equals the JSON
 * API's rows. A real refused request (no desktop in a pool without spares)
 * is recorded and counted; range and pool errors carry their codes and fields.
 */
class ReportsIT {

    private static final String TEST = "ReportsIT";
    private static final Duration SHORT = Duration.ofSeconds(20);
    private static final String DAY = "2020-01-10";
    private static final String RANGE = "from=" + DAY + "&to=2020-01-11";
    private static final String POOL = ItEnv.unique("rep");
    private static final String USER_1 = ItEnv.unique("rep-u1");
    private static final String USER_2 = ItEnv.unique("rep-u2");

    private static String poolId;

    @BeforeAll
    static void poolWithUsage() {
        String imageId = Broker.registerGoldenImage(ItEnv.unique("img"));
        Map<String, Object> settings = Broker.poolSettings(POOL, imageId);
        settings.put("minSpare", 0);
        settings.put("maxSize", 1);
        poolId = Broker.createPool(settings);
        UUID pool = UUID.fromString(poolId);
        // hour 0: one session carried over from the day before, ending at 01:00 sharp
        session(pool, USER_2, "2020-01-09T23:00:00Z", "2020-01-10T01:00:00Z");
        // hour 9: three at once at 09:30; hour 10: two; the last ends at 11:00 sharp
        session(pool, USER_1, "2020-01-10T09:00:00Z", "2020-01-10T10:30:00Z");
        session(pool, USER_2, "2020-01-10T09:15:00Z", "2020-01-10T09:45:00Z");
        session(pool, USER_1, "2020-01-10T09:30:00Z", "2020-01-10T11:00:00Z");
        request(pool, USER_1, "2020-01-10T08:59:58Z", 2);
        request(pool, USER_1, "2020-01-10T09:00:00Z", 4);
        request(pool, USER_2, "2020-01-10T09:14:30Z", 30);
        refusal(pool, USER_2, "2020-01-10T14:05:00Z");
        refusal(pool, USER_2, "2020-01-10T14:06:00Z");
    }

    @AfterAll
    static void removeUsage() {
        if (poolId != null) {
            UUID pool = UUID.fromString(poolId);
            Db.execute("delete from console_session where pool_id = ?", pool);
            Db.execute("delete from assignment_request where pool_id = ?", pool);
            Broker.deletePool(TEST, poolId);
        }
    }

    private static void session(UUID pool, String user, String start, String end) {
        Db.execute("""
                insert into console_session (id, user_name, desktop_name, login_session, protocol, started_at,
                                             seen_at, ended_at, end_reason, pool_id)
                values (?, ?, 'rep-desktop', 'rep-login', 'vnc', ?, ?, ?, 'closed', ?)
                """, UUID.randomUUID(), user, ts(start), ts(end), ts(end), pool);
    }

    private static void request(UUID pool, String user, String at, int secondsToReady) {
        Db.execute("""
                insert into assignment_request (pool_id, user_name, desktop_id, assignment_id, requested_at,
                                                ready_at, outcome)
                values (?, ?, ?, ?, ?, ?, 'ASSIGNED')
                """, pool, user, UUID.randomUUID(), UUID.randomUUID(), ts(at),
                Timestamp.from(Instant.parse(at).plusSeconds(secondsToReady)));
    }

    private static void refusal(UUID pool, String user, String at) {
        Db.execute("insert into assignment_request (pool_id, user_name, requested_at, outcome)"
                + " values (?, ?, ?, 'REFUSED')", pool, user, ts(at));
    }

    private static Timestamp ts(String iso) {
        return Timestamp.from(Instant.parse(iso));
    }

    @Test
    void thePageChartsTheGeneratedUsageAndItsCsvEqualsTheApi() {
        List<Map<String, Object>> hours = ApiClient.admin().get("/reports/pools/hourly?" + RANGE + "&pool=" + poolId)
                .expect(200).objects();
        assertEquals(24, hours.size());
        Map<String, Object> h0 = hours.get(0);
        Map<String, Object> h9 = hours.get(9);
        assertEquals("2020-01-10T09:00:00Z", h9.get("hour"));
        assertEquals(POOL, h9.get("pool"));
        assertEquals(List.of(1L, 0L), List.of(num(h0, "peakInUse"), num(h0, "logons")), "carried over: " + h0);
        assertEquals(0L, num(hours.get(1), "peakInUse"), "a session ending at 01:00 is not in use in hour 1");
        assertEquals(List.of(3L, 3L), List.of(num(h9, "peakInUse"), num(h9, "logons")), h9.toString());
        assertEquals(4200.0, dbl(h9, "avgSessionSeconds"));
        assertEquals(5400.0, dbl(h9, "p95SessionSeconds"));
        assertEquals(17.0, dbl(h9, "avgTimeToDesktopSeconds"), "4 s and 30 s in hour 9");
        assertEquals(28.7, dbl(h9, "p95TimeToDesktopSeconds"));
        assertEquals(2.0, dbl(hours.get(8), "avgTimeToDesktopSeconds"));
        assertEquals(2L, num(hours.get(10), "peakInUse"));
        assertEquals(0L, num(hours.get(11), "peakInUse"), "the last session ends at 11:00 sharp");
        assertEquals(2L, num(hours.get(14), "refusals"));
        assertNull(hours.get(12).get("avgSessionSeconds"), "nothing to measure: absent");

        List<Map<String, Object>> users = ApiClient.admin().get("/reports/users?" + RANGE).expect(200).objects();
        Map<String, Object> u1 = user(users, USER_1);
        Map<String, Object> u2 = user(users, USER_2);
        assertEquals(List.of(2L, 10800L), List.of(num(u1, "sessions"), num(u1, "seconds")));
        assertEquals(List.of(1L, 1800L), List.of(num(u2, "sessions"), num(u2, "seconds")),
                "the session started the day before is not counted");

        try (BrowserSession b = BrowserSession.start()) {
            b.signIn("admin", "admin");
            b.open("/admin/#reports?from=" + DAY + "&to=" + DAY + "&pool=" + poolId);
            b.await("the peak chart of 24 hours", SHORT, d -> d.findElements(
                    By.cssSelector("svg[data-chart=peak] rect.bar")).size() == 24);
            assertEquals(List.of("1", "0", "3", "2", "0"), List.of(bar(b, "peak", 0), bar(b, "peak", 1),
                    bar(b, "peak", 9), bar(b, "peak", 10), bar(b, "peak", 11)));
            assertEquals(24, count(b, "svg[data-chart=logons] rect.bar"));
            assertEquals("3", bar(b, "logons", 9));
            assertEquals("2", bar(b, "refusals", 14));
            // one hour with ended sessions: one point each for the average and the p95 line
            assertEquals(2, count(b, "svg[data-chart=session-length] circle.point"));
            assertEquals(2, count(b, "svg[data-chart=session-length] path.line"));
            // hours 8 and 9 had requests served
            assertEquals(4, count(b, "svg[data-chart=time-to-desktop] circle.point"));
            assertEquals("09h: 3", // the tooltip
                    b.script("return document.querySelector('svg[data-chart=peak] rect.bar[data-index=\"9\"] title')"
                            + ".textContent"));
            assertTrue(count(b, "svg[data-chart=users] rect.bar") >= 2);
            assertTrue(count(b, "svg[data-chart=hosts] rect.bar") >= 2, "used and limit of the local host");
            assertTrue(b.text(By.id("report-summary")).startsWith(POOL + ": 24 hours, 3 logons, 2 refusals"),
                    b.text(By.id("report-summary")));
            b.screenshot("admin-10-reports");

            // each chart's CSV link gives the API's rows, cell for cell
            String hourlyCsv = b.fetchText(href(b, "csv-pool-hours"));
            assertSameRows(hours, hourlyCsv, List.of("poolId", "pool", "hour", "peakInUse", "logons",
                    "avgSessionSeconds", "p95SessionSeconds", "refusals", "avgTimeToDesktopSeconds",
                    "p95TimeToDesktopSeconds"));
            assertSameRows(users, b.fetchText(href(b, "csv-users")), List.of("user", "sessions", "seconds"));
            List<Map<String, Object>> hosts = ApiClient.admin().get("/reports/hosts").expect(200).objects();
            assertTrue(hosts.stream().anyMatch(h -> "local".equals(h.get("host"))), hosts.toString());
            assertSameRows(hosts, b.fetchText(href(b, "csv-hosts")), List.of("hostId", "host", "maxDesktops",
                    "maxMemoryMib", "desktops", "running", "inUse", "memoryUsedMib"));
            assertEquals(List.of(), b.policyViolations(), "the charts need no inline script or style");
        }
    }

    @Test
    void aRealRefusalIsRecordedAndCountedInItsHour() {
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        ApiClient.alice().post("/pools/" + poolId + "/assignments", null).expectError(503, "no_desktop_available");
        String range = "from=" + hour + "&to=" + hour.plus(2, ChronoUnit.HOURS) + "&pool=" + poolId;
        List<Map<String, Object>> rows = ApiClient.admin().get("/reports/pools/hourly?" + range).expect(200)
                .objects();
        long refusals = rows.stream().mapToLong(r -> num(r, "refusals")).sum();
        assertTrue(refusals >= 1, rows.toString());
        List<Map<String, Object>> recorded = Db.query("select user_name, outcome, ready_at from assignment_request"
                + " where pool_id = ? and requested_at >= ?", UUID.fromString(poolId), Timestamp.from(hour));
        assertTrue(recorded.stream().anyMatch(r -> "alice".equals(r.get("user_name"))
                && "REFUSED".equals(r.get("outcome")) && r.get("ready_at") == null), recorded.toString());
    }

    @Test
    void badRangesAndPoolsGetTheirCodesAndFields() {
        ApiClient admin = ApiClient.admin();
        assertEquals("from", admin.get("/reports/pools/hourly?from=yesterday").expectError(400, "invalid_input")
                .object().get("field"));
        assertEquals("from", admin.get("/reports/users?from=2020-01-11&to=2020-01-10")
                .expectError(400, "invalid_input").object().get("field"));
        assertEquals("to", admin.get("/reports/users?from=2020-01-01&to=2021-02-05")
                .expectError(400, "invalid_input").object().get("field"), "more than 400 days");
        admin.get("/reports/users?from=2020-01-01&to=2021-02-04").expect(200);
        assertEquals("pool", admin.get("/reports/pools/hourly?pool=nonsense").expectError(400, "invalid_input")
                .object().get("field"));
        admin.get("/reports/pools/hourly.csv?pool=" + UUID.randomUUID()).expectError(404, "not_found");
        ApiClient.alice().get("/reports/hosts").expectError(403, "forbidden");
        ApiClient.alice().get("/reports/users.csv").expectError(403, "forbidden");
        ApiClient.anonymous().get("/reports/pools/hourly").expectError(401, "unauthenticated");
    }

    // --- helpers

    private static Map<String, Object> user(List<Map<String, Object>> users, String name) {
        return users.stream().filter(u -> name.equals(u.get("user"))).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not in " + users));
    }

    private static long num(Map<String, Object> o, String key) {
        return ((Number) o.get(key)).longValue();
    }

    private static double dbl(Map<String, Object> o, String key) {
        Object v = o.get(key);
        assertTrue(v instanceof Number, key + " in " + o);
        return ((Number) v).doubleValue();
    }

    private static String bar(BrowserSession b, String chart, int index) {
        return b.driver().findElement(By.cssSelector("svg[data-chart=" + chart + "] rect.bar[data-index=\""
                + index + "\"]")).getAttribute("data-value");
    }

    private static int count(BrowserSession b, String css) {
        return b.driver().findElements(By.cssSelector(css)).size();
    }

    private static String href(BrowserSession b, String id) {
        String href = b.driver().findElement(By.id(id)).getAttribute("href");
        assertTrue(href.contains(".csv"), href);
        return href;
    }

    /** The CSV has the header and one row per JSON object, each cell the object's field (absent: empty). */
    private static void assertSameRows(List<Map<String, Object>> json, String csv, List<String> header) {
        List<List<String>> rows = parseCsv(csv);
        assertEquals(header, rows.get(0), "the CSV header");
        assertEquals(json.size(), rows.size() - 1, "one CSV row per JSON row");
        for (int i = 0; i < json.size(); i++) {
            for (int j = 0; j < header.size(); j++) {
                Object v = json.get(i).get(header.get(j));
                String cell = rows.get(i + 1).get(j);
                String where = "row " + i + " " + header.get(j) + ": CSV " + cell + ", JSON " + v;
                if (v == null) {
                    assertEquals("", cell, where);
                } else if (v instanceof Number n) {
                    assertEquals(n.doubleValue(), Double.parseDouble(cell), where);
                } else {
                    assertEquals(String.valueOf(v), cell, where);
                }
            }
        }
    }

    /**
     * RFC 4180 as CsvWriter writes it: every cell quoted, quotes doubled, CRLF (the
     * text from the page arrives with bare LF line ends; no cell here holds a line break).
     */
    private static List<List<String>> parseCsv(String csv) {
        List<List<String>> rows = new ArrayList<>();
        for (String line : csv.split("\r?\n")) {
            if (line.isEmpty()) {
                continue;
            }
            List<String> cells = new ArrayList<>();
            int i = 0;
            while (i < line.length()) {
                assertEquals('"', line.charAt(i), "a quoted cell in " + line);
                StringBuilder cell = new StringBuilder();
                i++;
                while (true) {
                    char c = line.charAt(i);
                    if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cell.append('"');
                        i += 2;
                    } else if (c == '"') {
                        i++;
                        break;
                    } else {
                        cell.append(c);
                        i++;
                    }
                }
                cells.add(cell.toString());
                if (i < line.length()) {
                    assertEquals(',', line.charAt(i), line);
                    i++;
                }
            }
            rows.add(cells);
        }
        return rows;
    }
}
