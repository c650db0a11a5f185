package org.vdi.portal.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.vdi.portal.it.ApiClient;
import org.vdi.portal.it.Broker;
import org.vdi.portal.it.Cleanup;
import org.vdi.portal.it.ItEnv;
import org.vdi.portal.it.Json;
import org.vdi.portal.it.SerialLog;
import org.vdi.portal.it.Virsh;
import org.vdi.portal.it.Wait;

/**
 * Connect on a pool whose only desktop is still booting (issue 10): the
 * broker hands alice the booting spare, the portal shows it waiting
 * ("Starting…", booting until it is ready) and opens no console, the console
 * ticket is refused while it boots, and once its guest agent answers the
 * console opens on the guest's prompt. The first picture the console page
 * ever draws (captured in the page by a script installed before the page
 * loads) equals the guest's prompt screen as {@code virsh screenshot} shows it,
 * and is not the boot screen seen while the desktop waited.
 *
 * <p>The spare is paused ({@code virsh suspend}) while it boots, so the test
 * does not race a three-second boot; resuming it lets the boot finish.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ConnectWhileBootingIT {

    private static final String TEST = "ConnectWhileBootingIT";

    /** Keeps the first non-blank picture of the console page's display in window.__vdiFirstFrame. */
    private static final String FIRST_FRAME = """
            if (location.pathname === '/console.html') {
              const grab = () => {
                const host = document.getElementById('display');
                const src = host && host.querySelector('canvas');
                const w = host ? Number(host.dataset.width) : 0, h = host ? Number(host.dataset.height) : 0;
                if (src && w && h) {
                  const c = document.createElement('canvas');
                  c.width = w; c.height = h;
                  const g = c.getContext('2d');
                  g.drawImage(src, 0, 0, w, h, 0, 0, w, h);
                  const px = g.getImageData(0, 0, w, h).data;
                  for (let i = 4; i < px.length; i += 4) {
                    if (px[i] !== px[0] || px[i + 1] !== px[1] || px[i + 2] !== px[2]) {
                      window.__vdiFirstFrame = c.toDataURL('image/png');
                      return;
                    }
                  }
                }
                requestAnimationFrame(grab);
              };
              requestAnimationFrame(grab);
            }
            """;

    @Test
    void connectWaitsWhileTheDesktopBootsThenShowsItsPromptNeverTheBootScreen() {
        try (Cleanup cleanup = new Cleanup(); BrowserSession b = BrowserSession.start()) {
            // signed in first: the spare's boot takes seconds, the sign-in must not eat them
            ((ChromeDriver) b.driver()).executeCdpCommand("Page.addScriptToEvaluateOnNewDocument",
                    Map.of("source", FIRST_FRAME));
            b.signIn("alice", "alice");
            String image = Broker.registerGoldenImage(ItEnv.unique("img"));
            String poolName = ItEnv.unique("boot");
            Map<String, Object> s = Broker.poolSettings(poolName, image);
            s.put("minSpare", 1);
            s.put("maxSize", 1);
            s.put("assignment", "floating");
            s.put("logoffPolicy", "keep");
            String poolId = Broker.createPool(s);
            cleanup.add("delete pool", () -> Broker.deletePool(TEST, poolId));

            // the pool's spare boots: hold it there while its domain runs and its agent is not up
            Map<String, Object> spare = Wait.until("the spare of " + poolName + " booting", Duration.ofMinutes(4),
                    Duration.ofMillis(200), () -> Broker.desktops(poolId), l -> l.size() == 1
                            && List.of("starting", "available").contains(l.get(0).get("state"))).get(0);
            String desktopId = Json.str(spare, "id");
            String domain = Json.str(spare, "name");
            Virsh.ok("suspend", domain);
            assertEquals("starting", spare.get("state"), "the spare booted before the test could pause it");
            cleanup.add("resume " + domain, () -> Virsh.run("resume", domain));
            assertEquals("starting", Broker.desktop(desktopId).get("state"), "paused while it boots");
            ConsoleCanvas bootScreen = PixelComparison.guestScreen(domain);

            // Connect: alice is given the booting desktop and waits on the page
            b.open("/");
            WebElement card = b.await("the pool card " + poolName, BrowserSession.PAGE_TIMEOUT, d -> d.findElements(
                    By.cssSelector("#pools li.card.pool")).stream()
                    .filter(c -> poolName.equals(c.findElement(By.tagName("h3")).getText())).findFirst().orElse(null));
            card.findElement(By.cssSelector("button[data-action=connect]")).click();
            WebElement waiting = b.await("alice's desktop card waiting", BrowserSession.PAGE_TIMEOUT, d -> d
                    .findElements(By.cssSelector("#desktops li.card.desktop")).stream()
                    .filter(c -> c.getText().contains(domain) && c.getText().contains("Booting until it is ready"))
                    .findFirst().orElse(null));
            assertTrue(waiting.getText().contains("Starting"), waiting.getText());
            String connectLabel = waiting.findElement(By.cssSelector("button[data-action=connect]")).getText();
            assertTrue(connectLabel.contains("Opens when ready"), "the card says the console opens once it is"
                    + " ready: " + connectLabel);
            assertEquals("alice", Broker.desktop(desktopId).get("assignedTo"), "the booting spare is alice's");
            b.screenshot("booting-01-waiting");
            ApiClient.alice().post("/desktops/" + desktopId + "/console-tickets", null)
                    .expectError(409, "desktop_not_ready");
            Wait.sleep(Duration.ofSeconds(4)); // several portal polls: it must stay on the page
            assertFalse(b.url().contains("/console.html"), "no console while the desktop boots: " + b.url());
            assertTrue(b.text(By.id("desktops")).contains("Booting until it is ready"), b.text(By.id("desktops")));

            // the boot finishes: the console opens by itself
            Virsh.ok("resume", domain);
            b.await("the console page", Duration.ofMinutes(3), d -> b.url().contains("/console.html?desktop="
                    + desktopId));
            Object url = b.await("the console's first picture", Duration.ofSeconds(90),
                    d -> b.script("return window.__vdiFirstFrame || null"));
            String serial = SerialLog.awaitReady(domain);
            assertTrue(serial.contains("VDI-AGENT-STARTED"), "its agent had started: " + serial);
            ConsoleCanvas first = ConsoleCanvas.fromDataUrl(url);
            b.screenshot("booting-02-first-frame");

            assertTrue(PixelComparison.differences(first, bootScreen) > 0, "the first picture is not the boot"
                    + " screen seen while it waited");
            PixelComparison cmp = PixelComparison.frameEqualsGuest(first, domain, 25);
            System.out.println("[" + TEST + "] first frame: " + cmp);
            assertTrue(cmp.equal(), "the console's first picture is the guest's prompt: " + cmp);
            assertEquals(List.of(), b.policyViolations(), "the pages run within the content security policy");
        }
    }
}
