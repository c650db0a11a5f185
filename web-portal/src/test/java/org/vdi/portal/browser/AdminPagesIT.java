package org.vdi.portal.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.vdi.portal.it.ApiClient;
import org.vdi.portal.it.Broker;
import org.vdi.portal.it.ItEnv;
import org.vdi.portal.it.Json;
import org.vdi.portal.it.Keycloak;
import org.vdi.portal.it.Wait;

/**
 * The admin pages in headless Chromium against the real Keycloak, Payara,
 * PostgreSQL and libvirtd: an admin creates a pool on the pool page (with a
 * validation error shown beside its field first), picks its entitlement from
 * Keycloak's groups, watches its spares come up live, stops both desktops at
 * once, finds the pool's creation in the audit trail and its CSV download, and
 * deletes the pool. Also: text from the API shows as text, admin actions need
 * the CSRF token, a desktop user gets 403. Screenshots of every admin page go
 * to {@code $VDI_TEST_ARTIFACTS/screenshots}.
 */
class AdminPagesIT {

    private static final String TEST = "AdminPagesIT";
    private static final Duration SPARES_READY = Duration.ofMinutes(4);
    private static final Duration SHORT = Duration.ofSeconds(20);
    /** Markup that would run script if the page ever treated API text as HTML. */
    private static final String PAYLOAD = "<img src=x onerror=\"window.__xss=1\"><script>window.__xss=2</script> & \"quotes\"";

    private static String imageId;
    private static String imageName;
    private static final String POOL = ItEnv.unique("adm");

    @BeforeAll
    static void image() {
        imageName = ItEnv.unique("img");
        imageId = ApiClient.admin().post("/images", Map.of("name", imageName, "description", PAYLOAD,
                "hostId", Broker.localHostId(), "volume", ItEnv.goldenVolume())).expect(201).field("id");
    }

    @AfterAll
    static void removePools() {
        poolId(POOL).ifPresent(id -> Broker.deletePool(TEST, id));
    }

    private static Optional<String> poolId(String name) {
        return ApiClient.admin().get("/pools").expect(200).objects().stream()
                .filter(p -> name.equals(p.get("name"))).map(p -> Json.str(p, "id")).findFirst();
    }

    @Test
    void adminCreatesAPoolWatchesItsSparesStopsThemInBulkAndFindsItInTheAudit() throws Exception {
        try (BrowserSession b = BrowserSession.start()) {
            b.signIn("admin", "admin");
            b.open("/admin/#pools");
            click(b, By.id("add-pool"));
            WebElement form = b.await("the pool form", SHORT, d -> d.findElement(By.id("pool-form")));
            // entitlements are picked from Keycloak's groups, not typed
            WebElement staff = b.await("the group staff from Keycloak's directory", SHORT,
                    d -> form.findElement(By.cssSelector("input[type=checkbox][name=entitledGroups][value='/staff']")));

            type(form, "name", POOL);
            new Select(form.findElement(By.name("imageId"))).selectByValue(imageId);
            type(form, "minSpare", "3");
            type(form, "maxSize", "2");
            type(form, "memoryMib", "128");
            staff.click();
            click(b, By.id("pool-submit"));

            // the server's message lands beside the field it is about, and nothing was created
            WebElement error = b.await("the error beside Spare desktops", SHORT, d -> {
                WebElement e = form.findElement(By.cssSelector("[data-field=minSpare] .field-error"));
                return e.isDisplayed() ? e : null;
            });
            assertTrue(error.getText().contains("must not exceed maxSize"), error.getText());
            assertEquals("true", form.findElement(By.name("minSpare")).getAttribute("aria-invalid"));
            assertEquals("minSpare", b.script("return document.activeElement.name"), "focus moves to the field");
            assertTrue(poolId(POOL).isEmpty(), "an invalid pool is not created");
            b.screenshot("admin-03-pool-validation-error");

            type(form, "minSpare", "2");
            click(b, By.id("pool-submit"));
            By card = By.cssSelector("li.pool-card[data-pool-name='" + POOL + "']");
            b.await("the new pool's card", SHORT, d -> d.findElement(card));
            String poolId = poolId(POOL).orElseThrow();
            Map<String, Object> pool = ApiClient.admin().get("/pools/" + poolId).expect(200).object();
            assertEquals(List.of("/staff"), pool.get("entitledGroups"), "entitled to the group picked: " + pool);
            assertEquals(2, ((Number) pool.get("minSpare")).intValue());
            assertEquals("linked", pool.get("cloneMode"));

            // live counts: the page polls; the two spares show up as available without a reload
            b.await("2 available desktops in the pool's live counts", SPARES_READY,
                    d -> "2".equals(liveCount(b, POOL, "available")));
            b.screenshot("admin-04-pools-live-counts");
            b.resize(390, 844);
            b.screenshot("admin-09-pools-narrow-window");
            b.resize(1366, 900);

            // a live console of alice's on the sessions page, terminated from there
            Map<String, Object> assignment = ApiClient.alice().post("/pools/" + poolId + "/assignments", null)
                    .expect(200).object();
            String desktopId = Json.str(assignment, "desktopId");
            String desktopName = Json.str(assignment, "desktopName");
            Map<String, Object> ticket = Wait.until("a console ticket for " + desktopName, SPARES_READY,
                    Duration.ofSeconds(1), () -> ApiClient.alice().post("/desktops/" + desktopId + "/console-tickets",
                            null), r -> r.status() == 201).object();
            try (ConsoleSocket console = ConsoleSocket.open(Json.str(ticket, "tunnelUrl"), Json.str(ticket, "ticket"))) {
                b.open("/admin/#sessions");
                By terminate = By.cssSelector("button[aria-label=\"Terminate alice's console of " + desktopName + "\"]");
                b.await("alice's live console on the sessions page", SHORT, d -> d.findElement(terminate));
                b.screenshot("admin-06-sessions-live");
                click(b, terminate);
                b.await("the terminate confirmation", SHORT,
                        d -> (Boolean) b.script("return document.getElementById('confirm').open"));
                click(b, By.id("confirm-ok"));
                Wait.until("the console of " + desktopName + " ended", SHORT, Duration.ofMillis(500),
                        () -> ApiClient.admin().get("/sessions?all=true").expect(200).objects().stream()
                                .filter(x -> desktopId.equals(x.get("desktopId"))).toList(),
                        list -> !list.isEmpty() && list.stream().noneMatch(x -> Boolean.TRUE.equals(x.get("live")))
                                && list.stream().anyMatch(x -> "admin".equals(x.get("terminatedBy"))));
                console.awaitClosed(SHORT);
            }
            ApiClient.alice().delete("/assignments/" + Json.str(assignment, "assignmentId")).expect(204);

            // nothing in flight before the bulk action: both back to available
            Broker.awaitDesktops(poolId, 2, "available", SPARES_READY);

            // bulk: select the pool's two desktops and stop both at once
            b.open("/admin/#desktops");
            b.await("the pool in the pool filter", SHORT,
                    d -> d.findElement(By.cssSelector("#filter-pool option[value='" + poolId + "']")));
            new Select(b.driver().findElement(By.id("filter-pool"))).selectByValue(poolId);
            // read in one script: the list re-renders on every poll
            List<String> ids = b.await("the pool's two desktops", SHORT, d -> {
                @SuppressWarnings("unchecked")
                List<String> r = (List<String>) b.script("return [...document.querySelectorAll("
                        + "'#desktops-table input.row-select')].map(i => i.dataset.desktopId)");
                return r.size() == 2 ? r : null;
            });
            assertEquals(Broker.desktops(poolId).stream().map(x -> Json.str(x, "id")).sorted().toList(),
                    ids.stream().sorted().toList(), "the filter shows exactly the pool's desktops");
            for (String id : ids) {
                click(b, By.cssSelector("input.row-select[data-desktop-id='" + id + "']"));
            }
            assertEquals("2 selected", b.text(By.id("selection-count")));
            b.screenshot("admin-05-desktops-selected");
            click(b, By.cssSelector(".bulk-bar button[data-action=stop]"));
            b.await("the confirmation of the bulk stop", SHORT,
                    d -> b.text(By.id("notice-text")).equals("Stopping 2 desktops."));
            for (String id : ids) {
                // the monitor starts stopped spares again, so the trail is the lasting evidence
                Wait.until("desktop.stop of " + id + " in the audit trail", SHORT, Duration.ofMillis(500),
                        () -> ApiClient.admin().get("/audit?type=desktop.stop&object=" + id).expect(200).objects(),
                        events -> events.size() == 1 && "success".equals(events.get(0).get("outcome"))
                                && "admin".equals(events.get(0).get("actor")));
            }

            // audit trail: the pool's creation, on the page and in the CSV download
            b.open("/admin/#audit");
            WebElement filter = b.await("the audit filter", SHORT, d -> d.findElement(By.cssSelector("form.audit-filters")));
            type(filter, "type", "pool.create");
            type(filter, "object", POOL);
            filter.findElement(By.cssSelector("button[type=submit]")).click();
            b.await("the pool's creation in the audit table", SHORT, d -> b.text(By.id("view")).contains("pool.create")
                    && b.text(By.id("audit-summary")).startsWith("1 event"));
            b.screenshot("admin-07-audit");
            String csv = download(b, By.id("audit-export"));
            List<String> lines = csv.lines().toList();
            assertEquals("\"id\",\"at\",\"actor\",\"action\",\"targetType\",\"targetId\",\"outcome\",\"detail\","
                    + "\"clientAddr\"", lines.get(0));
            assertEquals(2, lines.size(), csv);
            assertTrue(lines.get(1).contains("\"admin\",\"pool.create\",\"pool\",\"" + poolId + "\",\"success\",\""
                    + POOL + "\""), csv);

            // delete from the page; the broker drains it
            b.open("/admin/#pools");
            click(b, By.cssSelector("button[aria-label='Delete pool " + POOL + "']"));
            b.await("the delete confirmation", SHORT, d -> (Boolean) b.script("return document.getElementById('confirm').open"));
            click(b, By.id("confirm-ok"));
            b.await("the pool marked deleting", SHORT, d -> (Boolean) b.script("""
                    const c = [...document.querySelectorAll('li.pool-card')].find(x => x.dataset.poolName === arguments[0]);
                    return !c || c.textContent.includes('Deleting');
                    """, POOL));
            assertEquals(List.of(), b.policyViolations(), "the admin pages run within the content security policy");
        }
    }

    @Test
    void everyAdminPageShowsApiTextAsTextAndWorks() {
        try (BrowserSession b = BrowserSession.start()) {
            b.signIn("admin", "admin");
            b.open("/admin/#hosts");
            String local = b.await("the local host's row", SHORT, d -> rowText(b, "local"));
            String virt = "qemu".equals(ItEnv.virtType()) ? "Emulation (TCG) only" : "KVM acceleration";
            assertTrue(local.contains(virt), local);
            assertTrue(local.contains("Connected"), local);
            click(b, By.cssSelector("button[aria-label='Test connection to local']"));
            b.await("the connection test's result", SHORT, d -> b.text(By.id("notice-text")).equals("local: connection works."));
            b.screenshot("admin-01-hosts");
            // a bad host name is refused by the API's bean validation, and the message lands beside Name
            click(b, By.id("add-host"));
            WebElement hostForm = b.await("the host form", SHORT, d -> d.findElement(By.cssSelector(".form-panel form")));
            type(hostForm, "name", "bad name!");
            type(hostForm, "libvirtUri", "qemu:///system");
            hostForm.findElement(By.cssSelector("button[type=submit]")).click();
            WebElement hostError = b.await("the error beside the host name", SHORT, d -> {
                WebElement e = hostForm.findElement(By.cssSelector("[data-field=name] .field-error"));
                return e.isDisplayed() ? e : null;
            });
            assertTrue(hostError.getText().contains("name"), hostError.getText());
            b.screenshot("admin-01-hosts-add-error");

            b.open("/admin/#images");
            b.await("the test image's row", SHORT, d -> rowText(b, imageName));
            // the description is markup: it must show literally and never run
            assertEquals(PAYLOAD, b.script("""
                    const row = [...document.querySelectorAll('#view tbody tr')].find(r => r.textContent.includes(arguments[0]));
                    return row.querySelector('.description').textContent;
                    """, imageName));
            assertNull(b.script("return window.__xss === undefined ? null : window.__xss"), "no script ran");
            assertEquals(0L, b.script("return document.querySelectorAll('#view img, #view script').length"));
            click(b, By.id("add-image"));
            b.await("the volumes of the local host", SHORT, d -> d.findElements(By.cssSelector("select[name=volume] option"))
                    .stream().anyMatch(o -> o.getText().startsWith(ItEnv.goldenVolume())));
            b.screenshot("admin-02-images");

            b.open("/admin/#sessions");
            b.await("the sessions list", SHORT, d -> "false".equals(d.findElement(By.cssSelector("#view [aria-busy]"))
                    .getAttribute("aria-busy")));
            b.screenshot("admin-06-sessions-none");

            b.open("/admin/#desktops");
            b.await("the desktops list", SHORT, d -> "false".equals(d.findElement(By.id("desktops-table"))
                    .getAttribute("aria-busy")));
            b.screenshot("admin-08-desktops");
            assertEquals(List.of(), b.policyViolations(), "the admin pages run within the content security policy");
        }
    }

    @Test
    void adminActionsNeedTheCsrfToken() {
        try (BrowserSession b = BrowserSession.start()) {
            b.signIn("admin", "admin");
            String token = Json.str(Json.object(Json.parse(b.fetchText("/api/v1/me"))), "csrfToken");
            String action = "/api/v1/desktops/" + UUID.randomUUID() + "/actions/stop";
            assertEquals(403, b.fetchStatus("POST", action, null), "no token");
            assertEquals(403, b.fetchStatus("POST", action, token + "x"), "a wrong token");
            assertEquals(404, b.fetchStatus("POST", action, token), "with the token the request is heard (no such desktop)");
            assertEquals(403, b.fetchStatus("DELETE", "/api/v1/sessions/" + UUID.randomUUID(), null));
        }
    }

    @Test
    void aDesktopUserGets403OnAdminPagesAndTheAdminApi() {
        try (BrowserSession b = BrowserSession.start()) {
            b.signIn("alice", "alice");
            for (String page : List.of("/admin/", "/admin/index.html")) {
                assertEquals(403, b.fetchStatus("GET", page, null), page);
            }
            for (String api : List.of("/api/v1/hosts", "/api/v1/audit", "/api/v1/audit.csv", "/api/v1/directory/groups",
                    "/api/v1/directory/roles", "/api/v1/desktops", "/api/v1/sessions")) {
                assertEquals(403, b.fetchStatus("GET", api, null), api);
            }
        }
        assertEquals(403, ApiClient.alice().get("/audit").status());
    }

    @Test
    void theDirectoryListsKeycloakGroupsAndRealmRoles() {
        List<Map<String, Object>> groups = ApiClient.admin().get("/directory/groups").expect(200).objects();
        assertTrue(groups.stream().anyMatch(g -> "staff".equals(g.get("name")) && "/staff".equals(g.get("path"))),
                groups.toString());
        List<Map<String, Object>> roles = ApiClient.admin().get("/directory/roles").expect(200).objects();
        List<Object> names = roles.stream().map(r -> r.get("name")).toList();
        assertTrue(names.containsAll(List.of("vdi-user", "vdi-admin")), names.toString());
    }

    @Test
    void theAuditApiRefusesABadFilterWithTheFieldNamed() {
        ApiClient.ApiResponse r = ApiClient.admin().get("/audit?from=yesterday");
        r.expectError(400, "invalid_input");
        assertEquals("from", Json.str(r.object(), "field"), r.body());
        assertFalse(ApiClient.admin().get("/audit?limit=5").expect(200).objects().size() > 5);
    }

    @Test
    void theAuditIsCsvWhenAskedForAndJsonOtherwise() throws Exception {
        String token = Keycloak.token("admin", "admin");
        HttpResponse<String> csv = get("/audit?limit=3", "text/csv", token);
        assertEquals(200, csv.statusCode(), csv.body());
        assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"), csv.headers().toString());
        assertTrue(csv.headers().firstValue("Content-Disposition").orElse("").startsWith("attachment; filename=\"audit-"),
                csv.headers().toString());
        assertTrue(csv.body().startsWith("\"id\",\"at\",\"actor\","), csv.body());
        HttpResponse<String> any = get("/audit?limit=3", "*/*", token);
        assertTrue(any.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                any.headers().toString());
        assertTrue(any.body().startsWith("["), any.body());
        assertEquals(403, get("/audit.csv", "*/*", Keycloak.token("alice", "alice")).statusCode());
    }

    private static HttpResponse<String> get(String path, String accept, String token) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(ItEnv.apiUrl() + path))
                .header("Accept", accept).header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    // --- helpers -----------------------------------------------------------------------------

    /** The live count of a pool's desktops in one state as the pool page shows it ("0" when none). */
    private static String liveCount(BrowserSession b, String pool, String state) {
        Object n = b.script("""
                const card = [...document.querySelectorAll('li.pool-card')].find(c => c.dataset.poolName === arguments[0]);
                const pill = card && card.querySelector('li[data-state="' + arguments[1] + '"]');
                return pill ? pill.dataset.count : '0';
                """, pool, state);
        return String.valueOf(n);
    }

    /** The text of the table row of the view that mentions this text, or null; read in one script (lists re-render). */
    private static String rowText(BrowserSession b, String mention) {
        Object t = b.script("""
                const row = [...document.querySelectorAll('#view tbody tr')].find(r => r.textContent.includes(arguments[0]));
                return row ? row.innerText : null;
                """, mention);
        return t == null ? null : t.toString();
    }

    /** Clicks once the element is there and enabled; a list re-rendered meanwhile is looked up again. */
    private static void click(BrowserSession b, By by) {
        b.await("a click on " + by, SHORT, d -> {
            try {
                WebElement e = d.findElement(by);
                if (!e.isDisplayed() || !e.isEnabled()) {
                    return false;
                }
                e.click();
                return true;
            } catch (org.openqa.selenium.StaleElementReferenceException stale) {
                return false;
            }
        });
    }

    private static void type(WebElement form, String name, String value) {
        WebElement input = form.findElement(By.name(name));
        input.clear();
        input.sendKeys(value);
    }

    /** Clicks a download link and returns the file's text, downloaded by the browser itself. */
    private static String download(BrowserSession b, By link) throws IOException {
        Path dir = Files.createTempDirectory("vdi-downloads-");
        try {
            ((ChromeDriver) b.driver()).executeCdpCommand("Browser.setDownloadBehavior",
                    Map.of("behavior", "allow", "downloadPath", dir.toString()));
            b.driver().findElement(link).click();
            Path file = Wait.until("the CSV download in " + dir, SHORT, Duration.ofMillis(250), () -> {
                try (Stream<Path> files = Files.list(dir)) {
                    return files.filter(f -> f.getFileName().toString().endsWith(".csv")).findFirst().orElse(null);
                }
            }, f -> f != null);
            assertTrue(file.getFileName().toString().startsWith("audit-"), file.toString());
            return Files.readString(file, StandardCharsets.UTF_8);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (UncheckedIOException | IOException e) {
                System.err.println("[" + TEST + "] cannot remove " + dir + ": " + e);
            }
        }
    }
}
