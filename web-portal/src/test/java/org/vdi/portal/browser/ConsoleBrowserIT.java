package org.vdi.portal.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.vdi.portal.console.GuacamoleClient;
import org.vdi.portal.it.ApiClient;
import org.vdi.portal.it.Broker;
import org.vdi.portal.it.ItEnv;
import org.vdi.portal.it.Json;
import org.vdi.portal.it.SerialLog;
import org.vdi.portal.it.Virsh;
import org.vdi.portal.it.Wait;

/**
 * The console page in headless Chromium against the whole stack: alice signs in
 * on Keycloak's page, connects from My desktops, and the console page shows her
 * desktop's VGA console through console-proxy's tunnel and the built-in VNC
 * gateway. Proves the picture is the guest's own, pixel for pixel against
 * {@code virsh screenshot}; that typing in the page reaches the guest (a marker
 * written to its serial port); that the page's ticket cannot be replayed; and
 * that an administrator's termination shows on the page, after which Reconnect
 * opens a new console with a fresh ticket; and that a desktop whose display goes
 * away (domain destroyed behind the broker's back) shows as a lost connection. Screenshots go to
 * {@code $VDI_TEST_ARTIFACTS/screenshots/console-*.png}.
 */
@Timeout(value = 12, unit = TimeUnit.MINUTES)
class ConsoleBrowserIT {

    private static final String TEST = "ConsoleBrowserIT";
    private static final Duration DESKTOP_READY = Duration.ofMinutes(4);
    private static final Duration CONNECTED = Duration.ofSeconds(60);
    private static final String UNAUTHORIZED = "769";
    /** How often to compare the page's canvas with virsh's screenshot while the text cursor blinks. */
    private static final int PIXEL_TRIES = 25;

    private static String poolId;
    private static String poolName;

    @BeforeAll
    static void pool() {
        String image = Broker.registerGoldenImage(ItEnv.unique("img"));
        poolName = ItEnv.unique("console");
        Map<String, Object> s = Broker.poolSettings(poolName, image);
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
    void theConsoleShowsTheGuestPixelForPixelAndTypesIntoIt() {
        try (BrowserSession b = BrowserSession.start()) {
            b.signIn("alice", "alice");
            WebElement card = poolCard(b);
            card.findElement(By.cssSelector("button[data-action=connect]")).click();
            b.await("the console page", DESKTOP_READY, d -> b.url().contains("/console.html?desktop="));
            String desktopId = b.url().substring(b.url().indexOf("desktop=") + "desktop=".length());
            String domain = Json.str(Broker.desktop(desktopId), "name");
            SerialLog.awaitReady(domain);
            b.awaitConsoleConnected(CONNECTED);
            b.await("the desktop's name in the toolbar", Duration.ofSeconds(10),
                    d -> domain.equals(b.text(By.id("desktop-name"))));
            b.screenshot("console-01-connected");

            // (a) the page shows the guest's screen: a text console, so more than one colour
            ConsoleCanvas first = ConsoleCanvas.read(b);
            assertTrue(first.colours() > 1, "the display shows something: " + first);

            // (b) pixel for pixel what QEMU shows, at a moment both agree (the text cursor blinks)
            PixelComparison cmp = PixelComparison.untilEqual(b, domain, PIXEL_TRIES);
            System.out.println("[" + TEST + "] " + cmp);
            assertTrue(cmp.equal(), "the canvas never equalled virsh screenshot: " + cmp);

            // (c) keys typed in the page reach the guest
            String mark = "MARK-" + ItEnv.random(10);
            WebElement display = b.driver().findElement(By.id("display"));
            new Actions(b.driver()).click(display).sendKeys("echo " + mark + " > /dev/ttyS0").sendKeys(Keys.ENTER)
                    .perform();
            SerialLog.await(domain, mark, Duration.ofSeconds(90));
            b.screenshot("console-02-typed");

            // (d) the ticket the page used cannot open a second console
            String tunnel = lastTunnelUrl(b);
            String ticket = queryParameter(tunnel, "ticket");
            String base = tunnel.substring(0, tunnel.indexOf('?'));
            try (GuacamoleClient replay = GuacamoleClient.open(base, ticket, ItEnv.portalUrl())) {
                GuacamoleClient.Instruction error = replay.await("error", Duration.ofSeconds(20));
                assertEquals(UNAUTHORIZED, error.args().get(1), error.toString());
                assertTrue(error.args().get(0).contains("already used"), error.toString());
                GuacamoleClient.Close close = replay.awaitClose(Duration.ofSeconds(15));
                assertEquals(UNAUTHORIZED, close.reason(), close.toString());
                assertTrue(replay.received().stream().noneMatch(i -> i.opcode().equals("ready")),
                        "the replay reached no desktop: " + replay.summary());
            }
            assertEquals("Connected", b.text(By.id("state-text")), "the page's own console is untouched");

            // narrow window: the toolbar keeps its buttons, the display still fits
            b.resize(390, 844);
            b.screenshot("console-03-narrow");
            ConsoleCanvas.assertFits(b);
            b.resize(1366, 900);
            toggleClipboard(b);
            b.screenshot("console-04-clipboard");
            assertEquals(List.of(), b.policyViolations(), "the console runs within the content security policy");
        }
    }

    @Test
    void anAdministratorEndsTheConsoleReconnectOpensAFreshOneAndALostDesktopShows() {
        ApiClient.ApiResponse assigned = Wait.until("a desktop of " + poolName + " for alice", DESKTOP_READY,
                Duration.ofSeconds(2), () -> ApiClient.alice().post("/pools/" + poolId + "/assignments", null),
                r -> r.status() == 200 || r.status() == 201);
        String desktopId = assigned.field("desktopId");
        Wait.until("alice's desktop running", DESKTOP_READY, Duration.ofSeconds(1), () -> Broker.desktop(desktopId),
                d -> "assigned".equals(d.get("state")) || "in-use".equals(d.get("state")));
        String domain = Json.str(Broker.desktop(desktopId), "name");
        try (BrowserSession b = BrowserSession.start()) {
            b.signIn("alice", "alice");
            b.open("/console.html?desktop=" + desktopId);
            b.awaitConsoleConnected(CONNECTED);
            String firstTicket = queryParameter(lastTunnelUrl(b), "ticket");

            String session = Wait.until("alice's live console session", Duration.ofSeconds(15), () -> ApiClient
                    .admin().get("/sessions").expect(200).objects().stream()
                    .filter(s -> desktopId.equals(s.get("desktopId"))).map(s -> Json.str(s, "id")).findFirst()
                    .orElse(null), s -> s != null);
            ApiClient.admin().delete("/sessions/" + session).expect(202);

            b.await("the page to say an administrator ended the console", Duration.ofSeconds(30),
                    d -> b.driver().findElement(By.id("overlay")).isDisplayed()
                            && b.text(By.id("message-title")).equals("Session terminated by an administrator"));
            assertTrue(b.text(By.id("message-text")).startsWith("An administrator ended your console session"),
                    b.text(By.id("message-text")));
            assertEquals("Disconnected", b.text(By.id("state-text")));
            assertEquals("message-retry", b.script("return document.activeElement.id"),
                    "the focus moves to Reconnect");
            b.screenshot("console-05-terminated-by-admin");

            b.driver().findElement(By.id("message-retry")).click();
            b.awaitConsoleConnected(CONNECTED);
            String secondTicket = queryParameter(lastTunnelUrl(b), "ticket");
            assertTrue(!secondTicket.equals(firstTicket), "Reconnect fetched a fresh ticket");

            // the desktop's display goes away under the console: the page says the connection is lost
            Virsh.destroy(domain);
            b.await("the page to say the connection to the desktop is lost", Duration.ofSeconds(45),
                    d -> d.findElement(By.id("overlay")).isDisplayed()
                            && b.text(By.id("message-title")).equals("Connection to the desktop lost"));
            b.screenshot("console-06-desktop-lost");

            b.driver().findElement(By.id("disconnect")).click();
            b.await("the portal after Disconnect", BrowserSession.PAGE_TIMEOUT,
                    d -> b.url().equals(ItEnv.portalUrl() + "/") && !b.text(By.id("user-name")).isEmpty());
            Wait.until("the console session to end after Disconnect", Duration.ofSeconds(20), () -> ApiClient.admin()
                    .get("/sessions").expect(200).objects().stream()
                    .noneMatch(s -> desktopId.equals(s.get("desktopId"))), done -> done);
            assertEquals(List.of(), b.policyViolations(), "the console runs within the content security policy");
        } finally {
            // the destroyed desktop goes back to the pool, so no other test connects to it
            ApiClient.alice().delete("/assignments/" + assigned.field("assignmentId")).expect(204, 404, 409);
        }
    }

    /**
     * Signing alice out in Keycloak (an admin ends her sessions there) reaches the portal
     * through back-channel logout: her portal session ends and her open console closes
     * with a message that says so.
     */
    @Test
    void keycloakBackChannelLogoutClosesTheOpenConsole() {
        ApiClient.ApiResponse assigned = Wait.until("a desktop of " + poolName + " for alice", DESKTOP_READY,
                Duration.ofSeconds(2), () -> ApiClient.alice().post("/pools/" + poolId + "/assignments", null),
                r -> r.status() == 200 || r.status() == 201);
        String desktopId = assigned.field("desktopId");
        Wait.until("alice's desktop running", DESKTOP_READY, Duration.ofSeconds(1), () -> Broker.desktop(desktopId),
                d -> "assigned".equals(d.get("state")) || "in-use".equals(d.get("state")));
        try (BrowserSession b = BrowserSession.start()) {
            b.signIn("alice", "alice");
            b.open("/console.html?desktop=" + desktopId);
            b.awaitConsoleConnected(CONNECTED);

            KeycloakAdmin.logout(KeycloakAdmin.userId("alice"));

            b.await("the console to close with the signed-out message", Duration.ofSeconds(45),
                    d -> d.findElement(By.id("overlay")).isDisplayed()
                            && b.text(By.id("message-title")).equals("You signed out"));
            b.screenshot("console-07-signed-out-by-keycloak");
            assertEquals(401, b.fetchStatus("GET", "/api/v1/me", null), "the portal session ended too");
            Wait.until("alice's console session to end", Duration.ofSeconds(20), () -> ApiClient.admin()
                    .get("/sessions").expect(200).objects().stream()
                    .noneMatch(s -> desktopId.equals(s.get("desktopId"))), done -> done);
        } finally {
            ApiClient.alice().delete("/assignments/" + assigned.field("assignmentId")).expect(204, 404, 409);
        }
    }

    // --- helpers ----------------------------------------------------------------------------

    private static void toggleClipboard(BrowserSession b) {
        b.driver().findElement(By.id("clipboard-toggle")).click();
        b.await("the clipboard panel", Duration.ofSeconds(5), d -> d.findElement(By.id("clipboard")).isDisplayed());
        assertEquals("clipboard-text", b.script("return document.activeElement.id"), "the focus moves to the text");
    }

    private static WebElement poolCard(BrowserSession b) {
        return b.await("the pool card " + poolName, BrowserSession.PAGE_TIMEOUT, d -> d.findElements(
                By.cssSelector("#pools li.card.pool")).stream()
                .filter(c -> poolName.equals(c.findElement(By.tagName("h3")).getText())).findFirst().orElse(null));
    }

    /** The tunnel URL the page opened last (with the ticket it redeemed), from the browser's network log. */
    private static String lastTunnelUrl(BrowserSession b) {
        List<String> urls = b.webSocketUrls().stream().filter(u -> u.contains("/console/tunnel?")).toList();
        assertTrue(!urls.isEmpty(), "the page opened no console tunnel");
        return urls.get(urls.size() - 1);
    }

    private static String queryParameter(String url, String name) {
        for (String pair : URI.create(url).getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("no " + name + " in " + url);
    }
}
