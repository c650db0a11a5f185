package org.vdi.portal.browser;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WindowType;
import org.vdi.portal.it.ApiClient;
import org.vdi.portal.it.Broker;
import org.vdi.portal.it.HeldDisplay;
import org.vdi.portal.it.ItEnv;
import org.vdi.portal.it.Json;
import org.vdi.portal.it.Wait;

/**
 * The end of a sign-in cuts its user off the displays she holds, as a release
 * does ({@code DisplayLockIT}): alice holds a desktop with a SPICE viewer (the
 * .vv file's password, a real main-channel link) and the portal's console page
 * open (VNC through console-proxy). Signing out of the portal, and Keycloak's
 * back-channel logout (an administrator ends her sessions in Keycloak), each
 * close the console page with the signed-out message, make QEMU drop the
 * viewer, and leave both old passwords opening nothing. She keeps the desktop
 * (the pool keeps desktops); only her way in is gone.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class SignOutDisplayLockIT {

    private static final Duration CONNECTED = Duration.ofSeconds(60);
    private static final Duration CLOSED = Duration.ofSeconds(45);

    private static String poolId;

    @BeforeAll
    static void pool() {
        poolId = Broker.createOneKeptDesktopPool("signout");
    }

    @AfterAll
    static void dropPool() {
        if (poolId != null) {
            ApiClient.alice().get("/me/desktops").expect(200).objects().stream()
                    .filter(a -> poolId.equals(a.get("poolId")))
                    .forEach(a -> ApiClient.alice().delete("/assignments/" + a.get("assignmentId")).expect(204, 409));
            Broker.deletePool("SignOutDisplayLockIT", poolId);
        }
    }

    @Test
    void signingOutOfThePortalDropsTheSpiceViewerAndClosesTheConsole() throws Exception {
        cutOffBy("portal-sign-out", b -> {
            // the Sign out button of the portal, in a second tab of the same browser
            String console = b.driver().getWindowHandle();
            b.driver().switchTo().newWindow(WindowType.TAB);
            b.open("/");
            b.await("the portal in the second tab", BrowserSession.PAGE_TIMEOUT,
                    d -> b.onPortal() && "alice".equals(b.text(By.id("user-name"))));
            b.driver().findElement(By.id("signout")).click();
            b.await("the signed-out page", BrowserSession.PAGE_TIMEOUT,
                    d -> b.url().startsWith(ItEnv.portalUrl() + "/auth/signed-out"));
            b.driver().switchTo().window(console);
        });
    }

    @Test
    void keycloakBackChannelLogoutDropsTheSpiceViewerAndClosesTheConsole() throws Exception {
        cutOffBy("back-channel-logout", b -> KeycloakAdmin.logout(KeycloakAdmin.userId("alice")));
    }

    /** Alice holds the desktop with a viewer and the console page; {@code signOut} ends her sign-in. */
    private static void cutOffBy(String how, SignOut signOut) throws Exception {
        Map<String, Object> a = Wait.until("alice's desktop of pool " + poolId, Duration.ofMinutes(3),
                Duration.ofSeconds(2), () -> ApiClient.alice().post("/pools/" + poolId + "/assignments", null),
                r -> r.status() == 200 || r.status() == 201).object();
        String desktopId = Json.str(a, "desktopId");
        Broker.awaitDesktopState(desktopId, "assigned", Duration.ofMinutes(3));
        try (HeldDisplay held = HeldDisplay.take(desktopId, Json.str(a, "desktopName"), "alice");
                BrowserSession b = BrowserSession.start()) {
            b.signIn("alice", "alice");
            b.open("/console.html?desktop=" + desktopId);
            b.awaitConsoleConnected(CONNECTED);
            HeldDisplay.VncSecret vnc = held.vncNow();

            Instant signedOut = Instant.now();
            signOut.endSignIn(b);

            b.await("the console to close with the signed-out message", CLOSED,
                    d -> d.findElement(By.id("overlay")).isDisplayed()
                            && b.text(By.id("message-title")).equals("You signed out"));
            b.screenshot("signout-lock-" + how);
            assertTrue(held.viewerDroppedWithin(Duration.ofSeconds(20)),
                    "QEMU dropped alice's SPICE viewer after " + how);
            held.assertLocked(vnc, signedOut);
            Wait.until("alice's console session to end", Duration.ofSeconds(20), () -> ApiClient.admin()
                    .get("/sessions").expect(200).objects().stream()
                    .noneMatch(s -> desktopId.equals(s.get("desktopId"))), done -> done);
        } finally {
            ApiClient.alice().delete("/assignments/" + Json.str(a, "assignmentId")).expect(204, 404, 409);
        }
    }

    /** One way of ending alice's sign-in, with the browser whose console page is open. */
    @FunctionalInterface
    private interface SignOut {
        void endSignIn(BrowserSession b) throws Exception;
    }
}
