package org.vdi.portal.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.vdi.portal.it.ApiClient;
import org.vdi.portal.it.Broker;
import org.vdi.portal.it.ItEnv;
import org.vdi.portal.it.Json;

/**
 * The user portal in headless Chromium against the real Keycloak, Payara,
 * PostgreSQL and libvirtd: sign-in on Keycloak's own page, entitlements, Connect
 * up to the console page, another user's view, sign-out, the admin pages' 403,
 * CSRF and back-channel logout. Screenshots of the portal go to
 * {@code $VDI_TEST_ARTIFACTS/screenshots}.
 *
 * <p>World: one golden image and two pools made through the admin REST API, one
 * entitled to group staff (alice and bob), one to a group nobody is in.
 */
class PortalSignInIT {

    private static final Duration DESKTOP_READY = Duration.ofMinutes(4);
    private static final Duration SHORT = Duration.ofSeconds(15);
    private static final String TEST = "PortalSignInIT";

    private static String staffPoolId;
    private static String staffPool;
    private static String hiddenPoolId;
    private static String hiddenPool;
    private static String emptyPoolId;
    private static String emptyPool;

    @BeforeAll
    static void pools() {
        String image = Broker.registerGoldenImage(ItEnv.unique("img"));
        staffPool = ItEnv.unique("staff");
        Map<String, Object> staff = Broker.poolSettings(staffPool, image);
        staff.put("minSpare", 2);
        staff.put("maxSize", 4);
        staff.put("assignment", "floating");
        staff.put("logoffPolicy", "keep");
        staff.put("protocols", List.of("vnc", "spice"));
        staffPoolId = Broker.createPool(staff);

        hiddenPool = ItEnv.unique("hidden");
        Map<String, Object> hidden = Broker.poolSettings(hiddenPool, image);
        hidden.put("minSpare", 0);
        hidden.put("maxSize", 1);
        hidden.put("entitledGroups", List.of("/" + ItEnv.unique("nobody")));
        hiddenPoolId = Broker.createPool(hidden);

        // entitled, but never has a desktop: Connect must say so clearly
        emptyPool = ItEnv.unique("empty");
        Map<String, Object> empty = Broker.poolSettings(emptyPool, image);
        empty.put("minSpare", 0);
        empty.put("maxSize", 1);
        empty.put("assignment", "dedicated");
        emptyPoolId = Broker.createPool(empty);

        // two warm spares, so Connect gets a running desktop
        Broker.awaitDesktops(staffPoolId, 2, "available", DESKTOP_READY);
    }

    @AfterAll
    static void removePools() {
        if (staffPoolId != null) {
            Broker.deletePool(TEST, staffPoolId);
        }
        if (hiddenPoolId != null) {
            Broker.deletePool(TEST, hiddenPoolId);
        }
        if (emptyPoolId != null) {
            Broker.deletePool(TEST, emptyPoolId);
        }
    }

    @Test
    void anonymousVisitorsAreSentToKeycloakAndTheApiAnswers401() throws Exception {
        try (BrowserSession b = BrowserSession.start()) {
            b.open("/");
            b.await("the Keycloak sign-in page", BrowserSession.PAGE_TIMEOUT, d -> b.isSignInPage());
            assertTrue(b.url().startsWith(ItEnv.keycloakUrl() + "/realms/vdi/protocol/openid-connect/auth?"), b.url());
            assertTrue(b.url().contains("code_challenge_method=S256"), "PKCE S256: " + b.url());
            b.screenshot("01-keycloak-sign-in");

            b.open("/admin/");
            b.await("the Keycloak sign-in page for /admin/", BrowserSession.PAGE_TIMEOUT, d -> b.isSignInPage());
        }
        HttpResponse<String> api = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(ItEnv.apiUrl() + "/me")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, api.statusCode(), api.body());
    }

    @Test
    void aliceSeesOnlyHerPoolsConnectsAndTheConsoleOpens() {
        try (BrowserSession b = BrowserSession.start()) {
            b.signIn("alice", "alice");
            WebElement card = poolCard(b, staffPool);
            assertFalse(b.visibleText().contains(hiddenPool), "alice must not see " + hiddenPool);
            assertFalse(b.fetchText("/api/v1/pools").contains(hiddenPoolId), "the API must not list " + hiddenPool);
            poolCard(b, emptyPool);
            b.screenshot("02-alice-my-desktops");
            assertEquals(List.of(), b.policyViolations(), "the portal runs within its content security policy");

            poolCard(b, emptyPool).findElement(By.cssSelector("button[data-action=connect]")).click();
            b.await("the no-desktop message", SHORT, d -> d.findElement(By.id("alert")).isDisplayed());
            assertTrue(b.text(By.id("alert-text")).startsWith("No desktop is free right now"), b.text(By.id("alert-text")));
            b.screenshot("03-no-desktop-available");
            b.driver().findElement(By.id("alert-close")).click();

            card = poolCard(b, staffPool);
            card.findElement(By.cssSelector("button[data-action=connect]")).click();
            b.await("the console page", DESKTOP_READY, d -> b.url().contains("/console.html?desktop="));
            String desktopId = b.url().substring(b.url().indexOf("desktop=") + "desktop=".length());
            Map<String, Object> desktop = Broker.desktop(desktopId);
            assertEquals("alice", desktop.get("assignedTo"), "the console opened for " + desktop);
            if (!b.visibleText().contains("404")) {
                b.screenshot("04-console-page"); // once the console page exists
            }

            b.open("/");
            String name = Json.str(desktop, "name");
            b.await("the desktop to show Ready or In use", DESKTOP_READY,
                    d -> List.of("Ready", "In use").contains(badge(desktopCard(b, name))));
            assertFalse(desktopCard(b, name).findElements(By.cssSelector("button[data-action=spice]")).isEmpty(),
                    "a SPICE pool offers the .vv download");
            b.screenshot("05-alice-desktop-ready");
            b.resize(390, 844);
            b.screenshot("06-alice-narrow-window");
            b.resize(1366, 900);

            // Reset asks first; Cancel has the focus and Escape cancels
            desktopCard(b, name).findElement(By.cssSelector("button[data-action=reset]")).click();
            b.await("the confirmation dialog", SHORT, d -> (Boolean) b.script(
                    "return document.getElementById('confirm').open"));
            assertEquals("confirm-cancel", b.script("return document.activeElement.id"));
            b.screenshot("07-reset-confirmation");
            b.driver().switchTo().activeElement().sendKeys(Keys.ESCAPE);
            b.await("the dialog to close", SHORT, d -> !(Boolean) b.script(
                    "return document.getElementById('confirm').open"));

            desktopCard(b, name).findElement(By.cssSelector("button[data-action=reset]")).click();
            b.await("the confirmation dialog", SHORT, d -> (Boolean) b.script(
                    "return document.getElementById('confirm').open"));
            b.driver().findElement(By.id("confirm-ok")).click();
            try {
                b.await("the desktop to show Starting…", Duration.ofSeconds(6),
                        d -> "Starting…".equals(badge(desktopCard(b, name))));
                b.screenshot("08-desktop-starting");
            } catch (AssertionError tooFast) {
                // under KVM a reset can finish between two polls; the outcome below is what counts
            }
            b.await("the desktop to be ready again after Reset", DESKTOP_READY,
                    d -> List.of("Ready", "In use").contains(badge(desktopCard(b, name))));
        }
    }

    @Test
    void bobSeesHisOwnDesktopAndNeverAlices() {
        String alices = ApiClient.alice().post("/pools/" + staffPoolId + "/assignments", null).expect(200)
                .field("desktopName");
        String bobs = ApiClient.bob().post("/pools/" + staffPoolId + "/assignments", null).expect(200)
                .field("desktopName");
        assertFalse(alices.equals(bobs), "two users, two desktops");
        try (BrowserSession b = BrowserSession.start()) {
            b.signIn("bob", "bob");
            desktopCard(b, bobs);
            poolCard(b, staffPool);
            assertFalse(b.visibleText().contains(alices), "bob must not see alice's desktop " + alices);
            String mine = b.fetchText("/api/v1/me/desktops");
            assertTrue(mine.contains(bobs) && !mine.contains(alices), mine);
            b.screenshot("09-bob-my-desktops");
        }
    }

    @Test
    void signOutEndsThePortalSessionAndTheKeycloakSession() {
        try (BrowserSession b = BrowserSession.start()) {
            b.signIn("alice", "alice");
            b.driver().findElement(By.id("signout")).click();
            b.await("the signed-out page", BrowserSession.PAGE_TIMEOUT,
                    d -> b.url().startsWith(ItEnv.portalUrl() + "/auth/signed-out"));
            assertTrue(b.visibleText().contains("You have signed out"), b.visibleText());
            b.screenshot("10-signed-out");
            assertEquals(401, b.fetchStatus("GET", "/api/v1/me", null));
            // Keycloak's session is gone too: the portal asks for the password again
            b.open("/");
            b.await("the Keycloak sign-in form", BrowserSession.PAGE_TIMEOUT, d -> b.isSignInPage());
        }
    }

    @Test
    void aDesktopUserGets403OnAdminPagesAndAnAdminGetsIn() {
        try (BrowserSession b = BrowserSession.start()) {
            b.signIn("alice", "alice");
            assertTrue(b.driver().findElement(By.id("admin-link")).getAttribute("hidden") != null,
                    "no Administration link for a desktop user");
            assertEquals(403, b.fetchStatus("GET", "/admin/", null));
            b.open("/admin/");
            assertTrue(b.visibleText().contains("No access"), b.visibleText());
            b.screenshot("11-admin-forbidden");
        }
        try (BrowserSession b = BrowserSession.start()) {
            b.signIn("admin", "admin");
            assertTrue(b.driver().findElement(By.id("admin-link")).isDisplayed(), "admins see the Administration link");
            assertEquals(200, b.fetchStatus("GET", "/admin/", null));
        }
    }

    @Test
    void sessionRequestsNeedTheCsrfTokenAndPagesCarryTheSecurityHeaders() {
        try (BrowserSession b = BrowserSession.start()) {
            b.signIn("alice", "alice");
            String me = b.fetchText("/api/v1/me");
            String token = Json.str(Json.object(Json.parse(me)), "csrfToken");
            assertTrue(token != null && token.length() >= 32, "GET /me hands the page its CSRF token: " + me);
            String path = "/api/v1/pools/" + staffPoolId + "/assignments";
            assertEquals(403, b.fetchStatus("POST", path, null), "no token");
            assertEquals(403, b.fetchStatus("POST", path, token + "x"), "wrong token");
            assertEquals(200, b.fetchStatus("POST", path, token), "the right token");
            String desktops = b.fetchText("/api/v1/me/desktops");
            assertTrue(desktops.contains(staffPoolId));

            // the .vv file sets a new SPICE password: a POST with the token, like every change
            String desktopId = Json.objects(Json.parse(desktops)).stream()
                    .filter(d -> staffPoolId.equals(d.get("poolId"))).map(d -> Json.str(d, "desktopId"))
                    .findFirst().orElseThrow();
            String vv = "/api/v1/desktops/" + desktopId + "/spice.vv";
            assertEquals(403, b.fetchStatus("POST", vv, null), "the .vv file without the token");
            assertEquals(405, b.fetchStatus("GET", vv, null), "the .vv file by GET");
            assertEquals(200, b.fetchStatus("POST", vv, token), "the .vv file with the token");

            String csp = (String) b.asyncScript("""
                    const done = arguments[0];
                    fetch('/', {credentials: 'same-origin'})
                      .then(r => done(r.headers.get('content-security-policy') + '|' + r.headers.get('x-content-type-options')
                                      + '|' + r.headers.get('referrer-policy')));
                    """);
            assertTrue(csp.contains("default-src 'self'") && csp.contains("script-src 'self'")
                    && csp.contains("frame-ancestors 'none'") && csp.contains("|nosniff|same-origin"), csp);
            // WebSockets to the portal's own host only; forms to the portal and Keycloak only
            String host = java.net.URI.create(ItEnv.portalUrl()).getAuthority();
            assertTrue(csp.contains("connect-src 'self' ws://" + host + ";"), csp);
            assertTrue(csp.contains("form-action 'self' " + ItEnv.keycloakUrl() + ";"), csp);
        }
    }

    @Test
    void backChannelLogoutFromKeycloakEndsThePortalSession() {
        try (BrowserSession b = BrowserSession.start()) {
            b.signIn("alice", "alice");
            assertEquals(200, b.fetchStatus("GET", "/api/v1/me", null));
            KeycloakAdmin.logout(KeycloakAdmin.userId("alice"));
            b.await("the portal session to end after Keycloak's back-channel logout", SHORT,
                    d -> b.fetchStatus("GET", "/api/v1/me", null) == 401);
            b.open("/");
            b.await("the Keycloak sign-in form", BrowserSession.PAGE_TIMEOUT, d -> b.isSignInPage());
        }
    }

    // --- page reading ---------------------------------------------------------------------

    private static WebElement poolCard(BrowserSession b, String name) {
        return b.await("the pool card " + name, BrowserSession.PAGE_TIMEOUT, d -> d.findElements(
                By.cssSelector("#pools li.card.pool")).stream()
                .filter(c -> name.equals(c.findElement(By.tagName("h3")).getText())).findFirst().orElse(null));
    }

    private static WebElement desktopCard(BrowserSession b, String name) {
        return b.await("the desktop card " + name, BrowserSession.PAGE_TIMEOUT, d -> d.findElements(
                By.cssSelector("#desktops li.card.desktop")).stream()
                .filter(c -> name.equals(c.findElement(By.tagName("h3")).getText())).findFirst().orElse(null));
    }

    /** The card's state badge text; "" when the card was just replaced (a new poll). */
    private static String badge(WebElement card) {
        try {
            return card.findElement(By.cssSelector(".badge")).getText();
        } catch (org.openqa.selenium.StaleElementReferenceException e) {
            return "";
        }
    }
}
