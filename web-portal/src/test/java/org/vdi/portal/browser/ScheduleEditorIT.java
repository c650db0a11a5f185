package org.vdi.portal.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.vdi.portal.it.ApiClient;
import org.vdi.portal.it.Broker;
import org.vdi.portal.it.ItEnv;
import org.vdi.portal.it.Json;

/**
 * The capacity schedule editor of the pools page in headless Chromium (issue
 * 16): it states which rule wins where rules overlap, draws the 24-hour strip
 * as SVG, shows the server's error beside the field of the rule it is about,
 * and saves what was typed; all under the page's content security policy.
 */
class ScheduleEditorIT {

    private static final Duration SHORT = Duration.ofSeconds(20);

    @Test
    void anAdminAddsARuleSeesTheErrorBesideItsFieldAndSavesIt() {
        String imageId = Broker.registerGoldenImage(ItEnv.unique("img"));
        String name = ItEnv.unique("sed");
        Map<String, Object> settings = Broker.poolSettings(name, imageId);
        settings.put("minSpare", 0);
        settings.put("maxSize", 2);
        settings.put("readiness", "boot");
        String poolId = Broker.createPool(settings);
        try (BrowserSession b = BrowserSession.start()) {
            b.signIn("admin", "admin");
            b.open("/admin/#pools");
            By open = By.cssSelector("button[aria-label='Capacity schedule of pool " + name + "']");
            b.await("the pool's Schedule button", SHORT, d -> d.findElement(open)).click();
            WebElement form = b.await("the schedule form", SHORT, d -> d.findElement(By.id("schedule-form")));
            assertTrue(b.text(By.id("schedule-precedence")).contains("the most specific wins"));
            assertTrue(b.text(By.id("schedule-target-now")).startsWith("0 spares"), b.text(By.id("schedule-target-now")));
            assertEquals(96L, b.script("return document.querySelectorAll('svg[data-chart=schedule-strip] rect.bar').length"),
                    "a bar per 15 minutes for 24 hours");

            b.driver().findElement(By.id("schedule-add")).click();
            type(form, "rules[0].start", "07:30");
            type(form, "rules[0].end", "07:30");
            type(form, "rules[0].zone", "Europe/Berlin");
            type(form, "rules[0].spareTarget", "2");
            b.driver().findElement(By.id("schedule-submit")).click();
            WebElement error = b.await("the error beside rule 1's end", SHORT, d -> {
                WebElement e = d.findElement(By.cssSelector("[data-field='rules[0].end'] .field-error"));
                return e.isDisplayed() ? e : null;
            });
            assertTrue(error.getText().contains("starts and ends at 07:30"), error.getText());
            assertEquals("rules[0].end", b.script("return document.activeElement.name"), "focus moves to the field");
            b.screenshot("schedule-01-error-beside-field");

            type(form, "rules[0].end", "10:00");
            b.driver().findElement(By.id("schedule-submit")).click();
            b.await("the saved rule", SHORT, d -> !rules(poolId).isEmpty());
            Map<String, Object> rule = rules(poolId).get(0);
            assertEquals(List.of("MON", "TUE", "WED", "THU", "FRI"), rule.get("days"));
            assertEquals("07:30", rule.get("start"));
            assertEquals("10:00", rule.get("end"));
            assertEquals("Europe/Berlin", rule.get("zone"));
            assertEquals(2, ((Number) rule.get("spareTarget")).intValue());
            b.await("the next change shown", SHORT, d -> !b.text(By.id("schedule-next-change")).startsWith("None"));
            b.screenshot("schedule-02-saved");
            assertEquals(List.of(), b.policyViolations(), "no content security policy violation");
        } finally {
            Broker.deletePool("ScheduleEditorIT", poolId);
        }
    }

    private static List<Map<String, Object>> rules(String poolId) {
        return Json.objects(ApiClient.admin().get("/pools/" + poolId + "/schedule").expect(200).object().get("rules"));
    }

    private static void type(WebElement form, String name, String value) {
        WebElement input = form.findElement(By.name(name));
        input.clear();
        input.sendKeys(value);
    }
}
