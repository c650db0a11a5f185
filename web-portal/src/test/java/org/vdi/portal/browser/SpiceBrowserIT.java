package org.vdi.portal.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.vdi.portal.it.ApiClient;
import org.vdi.portal.it.Broker;
import org.vdi.portal.it.Cleanup;
import org.vdi.portal.it.ItEnv;
import org.vdi.portal.it.Json;
import org.vdi.portal.it.Wait;

/**
 * SPICE in the browser for real: alice signs in, the portal offers "SPICE in
 * browser" for her desktop of a SPICE pool, and spice.html's spice-html5 draws
 * the desktop's screen (the guest's text console) into its canvas through
 * console-proxy's bridge, under the portal's content security policy. Then
 * Disconnect ends the console session.
 */
class SpiceBrowserIT {

    /** Counts the canvas's pixels that are not black (the guest's console is text on black). */
    private static final String LIT_PIXELS = """
            const c = document.querySelector('#spice-screen canvas');
            if (!c || !c.width || !c.height) return 0;
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let n = 0;
            for (let i = 0; i < d.length; i += 4) { if (d[i] > 16 || d[i + 1] > 16 || d[i + 2] > 16) n++; }
            return n;
            """;

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void spiceHtml5DrawsTheDesktopIntoItsCanvas() {
        ApiClient alice = ApiClient.alice();
        try (Cleanup cleanup = new Cleanup()) {
            String imageId = Broker.registerGoldenImage(ItEnv.unique("img"));
            Map<String, Object> s = Broker.poolSettings(ItEnv.unique("sbr"), imageId);
            s.put("assignment", "dedicated");
            s.put("logoffPolicy", "keep");
            s.put("minSpare", 1);
            s.put("maxSize", 1);
            s.put("protocols", List.of("vnc", "spice"));
            String poolId = Broker.createPool(s);
            cleanup.add("delete pool " + s.get("name"), () -> Broker.deletePool("SpiceBrowserIT", poolId));
            Broker.awaitDesktops(poolId, 1, "available", Duration.ofMinutes(3));
            Map<String, Object> a = alice.post("/pools/" + poolId + "/assignments", null).expect(200).object();
            String desktopId = Json.str(a, "desktopId");
            cleanup.add("release alice's desktop", () -> alice.delete("/assignments/" + Json.str(a, "assignmentId"))
                    .expect(204, 409));
            Wait.until("alice's desktop running", Duration.ofMinutes(3), () -> Broker.desktop(desktopId),
                    d -> "assigned".equals(d.get("state")) || "in-use".equals(d.get("state")));

            try (BrowserSession b = BrowserSession.start()) {
                b.signIn("alice", "alice");
                By action = By.cssSelector("a[data-action='spice-browser'][href='/spice.html?desktop=" + desktopId
                        + "']");
                b.await("the portal's SPICE in browser action", BrowserSession.PAGE_TIMEOUT,
                        d -> !d.findElements(action).isEmpty());
                b.driver().findElement(action).click();
                b.await("spice.html connected", Duration.ofSeconds(60),
                        d -> "connected".equals(b.script("return document.body.dataset.state")));
                long lit = b.await("spice-html5 drawing the desktop into its canvas", Duration.ofSeconds(90),
                        d -> {
                            long n = ((Number) b.script(LIT_PIXELS)).longValue();
                            return n > 100 ? n : null;
                        });
                b.screenshot("spice-html5");
                assertTrue(lit > 100, lit + " lit pixels");
                List<String> violations = b.policyViolations().stream()
                        .filter(m -> m.contains("script") || m.contains("connect")).toList();
                assertEquals(List.of(), violations, "no script or connection refused by the CSP");

                Map<String, Object> live = Wait.until("alice's live SPICE session", Duration.ofSeconds(10),
                        () -> ApiClient.admin().get("/sessions").expect(200).objects().stream()
                                .filter(x -> desktopId.equals(x.get("desktopId")) && "spice".equals(x.get("protocol")))
                                .findFirst().orElse(null), x -> x != null);
                b.driver().findElement(By.id("spice-cad")).click(); // must not break the session
                b.driver().findElement(By.id("spice-disconnect")).click();
                assertEquals("disconnected", b.script("return document.body.dataset.state"));
                Wait.until("the SPICE session ended", Duration.ofSeconds(20), () -> ApiClient.admin()
                        .get("/sessions?all=true").expect(200).objects().stream()
                        .filter(x -> Json.str(live, "id").equals(x.get("id"))).findFirst().orElseThrow(),
                        x -> x.get("endedAt") != null);
            }
        }
    }
}
