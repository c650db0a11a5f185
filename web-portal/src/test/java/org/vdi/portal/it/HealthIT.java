package org.vdi.portal.it;

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

import org.junit.jupiter.api.Test;

/**
 * /health tells strangers UP or DOWN per check and nothing else (no host URI,
 * no address, no error text); administrators read the details through the API.
 */
class HealthIT {

    @Test
    void anonymousHealthHasNoDetails() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(ItEnv.portalUrl() + "/health")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        List<Map<String, Object>> checks = Json.objects(Json.object(Json.parse(r.body())).get("checks"));
        assertEquals(List.of("db", "guacd", "keycloak", "libvirt"),
                checks.stream().map(c -> String.valueOf(c.get("name"))).sorted().toList(), r.body());
        for (Map<String, Object> c : checks) {
            // Payara writes "data": {} for a check without data
            assertTrue(!c.containsKey("data") || Json.object(c.get("data")).isEmpty(), "details for anyone: " + c);
        }
        assertFalse(r.body().contains("qemu") || r.body().contains("test:///") || r.body().contains("jdbc"),
                r.body());
    }

    @Test
    void administratorsReadTheDetails() {
        Map<String, Object> libvirt = Broker.healthCheck("libvirt");
        Map<String, Object> data = Json.object(libvirt.get("data"));
        assertTrue(String.valueOf(data.get("local")).startsWith("up"), libvirt.toString());
        assertTrue(Json.object(Broker.healthCheck("db").get("data")).containsKey("schemaVersion"));
        ApiClient.alice().get("/health").expectError(403, "forbidden");
        ApiClient.anonymous().get("/health").expect(401);
    }
}
