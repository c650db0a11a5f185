package org.vdi.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/**
 * The node's structured log (issue 13): the test profile runs with
 * VDI_LOG_FORMAT=json, so each log event of the node is one JSON line, and
 * each HTTP request has an id (the caller's X-Request-Id when well formed,
 * else a new one) returned as a response header and carried, with the user and
 * the desktop, by every line the request writes.
 */
class StructuredLogIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void aRequestsLogLineCarriesItsIdUserAndDesktop() throws Exception {
        String requestId = "it-" + ItEnv.random(16);
        String desktopId = UUID.randomUUID().toString();
        HttpResponse<String> r = send(requestId, "/desktops/" + desktopId + "/console-tickets");
        assertEquals(404, r.statusCode(), "no such desktop: " + r.body());
        assertEquals(Optional.of(requestId), r.headers().firstValue("X-Request-Id"), "the id comes back");

        Map<String, Object> line = Wait.until("the log line of request " + requestId, Duration.ofSeconds(20),
                () -> logLineWith(requestId), l -> l != null);
        assertEquals("INFO", line.get("level"), line.toString());
        assertEquals("org.vdi.portal.logging.RequestIdFilter", line.get("logger"), line.toString());
        assertEquals("alice", line.get("user"), line.toString());
        assertEquals(desktopId, line.get("desktopId"), line.toString());
        assertTrue(String.valueOf(line.get("message")).startsWith("POST /api/v1/desktops/" + desktopId
                + "/console-tickets 404 in "), line.toString());
        Instant at = Instant.parse(String.valueOf(line.get("timestamp")));
        assertTrue(Duration.between(at, Instant.now()).abs().toMinutes() < 5, "a timestamp of now: " + at);
    }

    @Test
    void aMalformedRequestIdIsReplacedNotEchoed() throws Exception {
        HttpResponse<String> r = send("not an id \"x\"", "/desktops/" + UUID.randomUUID() + "/console-tickets");
        String id = r.headers().firstValue("X-Request-Id").orElseThrow(() -> new AssertionError("no X-Request-Id"));
        assertNotEquals("not an id \"x\"", id);
        UUID.fromString(id);
        HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(URI.create(ItEnv.portalUrl() + "/health"))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        UUID.fromString(anonymous.headers().firstValue("X-Request-Id")
                .orElseThrow(() -> new AssertionError("no X-Request-Id on /health")));
    }

    private static HttpResponse<String> send(String requestId, String path) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(ItEnv.apiUrl() + path))
                .timeout(Duration.ofSeconds(30)).header("X-Request-Id", requestId)
                .header("Authorization", "Bearer " + Keycloak.token("alice", "alice"))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        return HTTP.send(req, HttpResponse.BodyHandlers.ofString());
    }

    /** The JSON line of payara.log that names the request id (every such line must be JSON). */
    private static Map<String, Object> logLineWith(String requestId) {
        Path log = Path.of(ItEnv.require("VDI_LOGS"), "payara.log");
        try {
            Map<String, Object> found = null;
            for (String l : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                if (l.contains(requestId)) {
                    Map<String, Object> o = Json.object(Json.parse(l));
                    assertEquals(requestId, o.get("requestId"), l);
                    if ("org.vdi.portal.logging.RequestIdFilter".equals(o.get("logger"))) {
                        found = o;
                    }
                }
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
