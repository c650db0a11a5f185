package org.vdi.console.broker;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.vdi.console.config.ConsoleSettings;

/**
 * The broker's internal console API, over HTTP: console-proxy keeps no state
 * and runs none of the broker's beans, so redeeming tickets and reporting
 * sessions go to the web portal ({@code vdi.broker.url}), with the shared proxy
 * key in every request.
 */
@ApplicationScoped
public class BrokerClient {

    static final String KEY_HEADER = "X-VDI-Proxy-Key";
    private static final String BASE = "/api/v1/internal";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    // NOTE: one client for the application; java.net.http.HttpClient is thread safe
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();

    @Inject
    ConsoleSettings settings;

    /** Redeems a ticket: once only, checked and recorded by the broker. */
    public Redemption redeem(String ticket, String clientAddr) throws BrokerRefusal {
        JsonObject r = post("/console-tickets/redeem", Json.createObjectBuilder()
                .add("ticket", ticket).add("clientAddr", orEmpty(clientAddr)).build());
        try {
            return new Redemption(UUID.fromString(r.getString("sessionId")), r.getString("protocol"),
                    r.getString("host"), r.getInt("port"), r.getString("password"),
                    UUID.fromString(r.getString("desktopId")), r.getString("desktopName"), r.getString("user"),
                    r.getString("loginSession", "bearer"), r.getBoolean("clipboard", true));
        } catch (RuntimeException e) {
            throw new BrokerRefusal("the broker's redemption lacks a field", e);
        }
    }

    /** Burns a ticket console-proxy will not honour, so the broker audits the attempt. */
    public void refuse(String ticket, String reason, String clientAddr) throws BrokerRefusal {
        post("/console-tickets/refuse", Json.createObjectBuilder().add("ticket", ticket).add("reason", reason)
                .add("clientAddr", orEmpty(clientAddr)).build());
    }

    /** Reports a session's end with its traffic. */
    public void end(UUID sessionId, long bytesIn, long bytesOut, String reason) throws BrokerRefusal {
        post("/console-sessions/" + sessionId + "/end", Json.createObjectBuilder().add("bytesIn", bytesIn)
                .add("bytesOut", bytesOut).add("reason", orEmpty(reason)).build());
    }

    /**
     * Reports the live sessions (and those with user input since the last
     * report); returns those to close, each with the message for its user.
     */
    public Map<UUID, String> poll(Collection<UUID> live, Collection<UUID> active) throws BrokerRefusal {
        JsonArrayBuilder l = Json.createArrayBuilder();
        live.forEach(id -> l.add(id.toString()));
        JsonArrayBuilder a = Json.createArrayBuilder();
        active.forEach(id -> a.add(id.toString()));
        JsonObject r = post("/console-sessions/poll", Json.createObjectBuilder().add("live", l).add("active", a)
                .build());
        Map<UUID, String> close = new LinkedHashMap<>();
        try {
            for (JsonValue v : r.getJsonArray("close")) {
                JsonObject o = v.asJsonObject();
                close.put(UUID.fromString(o.getString("id")), o.getString("reason", "closed by the broker"));
            }
        } catch (RuntimeException e) {
            throw new BrokerRefusal("the broker's poll answer is malformed", e);
        }
        return close;
    }

    private JsonObject post(String path, JsonObject body) throws BrokerRefusal {
        String key = settings.proxyKey().orElseThrow(() -> new BrokerRefusal(0, "not_configured",
                "vdi.proxy.key (VDI_PROXY_KEY) is not set"));
        HttpRequest req = HttpRequest.newBuilder(URI.create(settings.brokerUrl() + BASE + path))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header(KEY_HEADER, key)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        HttpResponse<String> res;
        try {
            res = http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new BrokerRefusal("the broker at " + settings.brokerUrl() + " cannot be reached: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerRefusal("interrupted while calling the broker", e);
        }
        JsonObject json = parse(res.body());
        if (res.statusCode() / 100 != 2) {
            throw new BrokerRefusal(res.statusCode(), json.getString("code", "http_" + res.statusCode()),
                    json.getString("message", "the broker answered HTTP " + res.statusCode()));
        }
        return json;
    }

    private static JsonObject parse(String body) {
        if (body == null || body.isBlank()) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
        try {
            JsonValue v = Json.createReader(new StringReader(body)).readValue();
            return v.getValueType() == JsonValue.ValueType.OBJECT ? v.asJsonObject() : JsonValue.EMPTY_JSON_OBJECT;
        } catch (JsonException e) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
