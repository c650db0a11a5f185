package org.vdi.portal.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.vdi.portal.it.ItEnv;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The OpenAPI document as the running node serves it: Payara's annotation scan
 * answered 500 to the first call and listed part of the paths after it; the
 * node now serves META-INF/openapi.yaml, the same operations as the resources.
 */
class OpenApiIT {

    @Test
    void theFirstCallAnswersWithEveryOperation() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        for (int call = 1; call <= 2; call++) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(ItEnv.portalUrl() + "/openapi"))
                    .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), "call " + call + " of GET /openapi: " + r.body());
            OpenApiDocument doc = new OpenApiDocument(new Yaml(new LoaderOptions()).load(r.body()));
            TreeSet<String> served = doc.operations();
            assertEquals(ResourceRoutes.keys(), served, "call " + call + ": the operations served");
            Map<String, Object> schemes = OpenApiDocument.map(OpenApiDocument.map(doc.root.get("components"),
                    "components").get("securitySchemes"), "securitySchemes");
            assertNotNull(schemes.get("bearer"), "the bearer scheme: " + schemes);
        }
    }
}
