package org.vdi.portal.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.vdi.console.api.ConsoleBroker;
import org.vdi.console.api.ConsoleRefusedException;
import org.vdi.console.api.InternalApi;
import org.vdi.console.api.Refusal;
import org.vdi.console.api.RequestSignature;
import org.vdi.console.broker.StandaloneBroker;
import org.vdi.portal.it.ApiClient;
import org.vdi.portal.it.ItEnv;
import org.vdi.portal.it.Json;

/**
 * The broker's internal listener, as a console-proxy on a node of its own sees
 * it: console-proxy's own HTTP client against the running broker, and raw
 * requests for what that client never sends. The portal's public listener
 * serves none of it. (The consoles of every other test take the in-process
 * path: the tunnel inside the portal's application.)
 */
class InternalListenerIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String POLL = InternalApi.BASE + "/" + InternalApi.POLL;

    private static String internalUrl() {
        return ItEnv.require("VDI_INTERNAL_URL");
    }

    private static String key() throws IOException {
        return Files.readString(Path.of(ItEnv.require("VDI_PROXY_KEY_FILE"))).strip();
    }

    @Test
    void consoleProxysClientCallsTheBrokerThroughTheListener() throws Exception {
        ConsoleBroker broker = StandaloneBroker.at(internalUrl(), key());
        UUID unknown = UUID.randomUUID();
        Map<UUID, String> close = broker.poll(List.of(unknown), List.of());
        assertEquals(List.of(unknown), List.copyOf(close.keySet()), "a session the broker does not know is closed");

        ConsoleRefusedException bad = assertThrows(ConsoleRefusedException.class,
                () -> broker.redeem("not-a-ticket", "127.0.0.1"));
        assertEquals(Refusal.TICKET_INVALID, bad.refusal(), bad.getMessage());
        broker.end(unknown, 1, 2, "closed by the test");
    }

    @Test
    void aWrongKeyIsRefused() {
        ConsoleBroker broker = StandaloneBroker.at(internalUrl(), "not-the-key-of-this-broker");
        ConsoleRefusedException e = assertThrows(ConsoleRefusedException.class,
                () -> broker.poll(List.of(), List.of()));
        assertEquals(Refusal.UNAUTHENTICATED, e.refusal(), e.getMessage());
    }

    @Test
    void unsignedStaleAndRepeatedRequestsAreRefused() throws Exception {
        byte[] body = "{\"live\":[],\"active\":[]}".getBytes(StandardCharsets.UTF_8);
        RequestSignature keys = new RequestSignature(key());
        assertEquals(401, send(POLL, Map.of(), body).statusCode());
        assertEquals(401, send(POLL, keys.headers("POST", POLL, Instant.now().minusSeconds(120), body), body)
                .statusCode());
        Map<String, String> once = keys.headers("POST", POLL, Instant.now(), body);
        HttpResponse<String> first = send(POLL, once, body);
        assertEquals(200, first.statusCode(), first.body());
        HttpResponse<String> again = send(POLL, once, body);
        assertEquals(401, again.statusCode(), again.body());
        assertEquals("unauthenticated", Json.str(Json.object(Json.parse(again.body())), "code"));
        byte[] other = ("{\"live\":[\"" + UUID.randomUUID() + "\"],\"active\":[]}").getBytes(StandardCharsets.UTF_8);
        assertEquals(401, send(POLL, keys.headers("POST", POLL, Instant.now(), body), other).statusCode(),
                "a signature covers the body it was made for");
    }

    @Test
    void theListenerServesTheContractAndNothingElse() throws Exception {
        RequestSignature keys = new RequestSignature(key());
        String elsewhere = "/api/v1/desktops";
        byte[] none = new byte[0];
        HttpResponse<String> r = send(elsewhere, keys.headers("POST", elsewhere, Instant.now(), none), none);
        assertEquals(404, r.statusCode(), r.body());
        String unknown = InternalApi.BASE + "/console-sessions/not-a-uuid/end";
        assertEquals(404, send(unknown, keys.headers("POST", unknown, Instant.now(), none), none).statusCode());
        HttpResponse<String> get = HTTP.send(HttpRequest.newBuilder(URI.create(internalUrl() + POLL)).GET()
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, get.statusCode(), get.body());
    }

    @Test
    void thePublicListenerServesNoInternalCall() throws Exception {
        for (String call : List.of(InternalApi.REDEEM, InternalApi.REFUSE, InternalApi.POLL,
                InternalApi.end(UUID.randomUUID()))) {
            ApiClient.anonymous().postRaw("/internal/" + call, "{}").expectError(404, "not_found");
            ApiClient.alice().postRaw("/internal/" + call, "{}").expectError(404, "not_found");
        }
        byte[] body = "{\"ticket\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        String redeem = InternalApi.BASE + "/" + InternalApi.REDEEM;
        HttpRequest.Builder signed = HttpRequest.newBuilder(URI.create(ItEnv.portalUrl() + redeem))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        new RequestSignature(key()).headers("POST", redeem, Instant.now(), body).forEach(signed::header);
        HttpResponse<String> r = HTTP.send(signed.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, r.statusCode(), "even a signed call: " + r.body());
        assertTrue(r.body().contains("not_found"), r.body());
    }

    private static HttpResponse<String> send(String path, Map<String, String> headers, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(internalUrl() + path))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
