package org.vdi.console.api;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

/**
 * The JSON of the console contract, written once for both sides: the broker
 * reads requests and writes answers, console-proxy the other way round, so no
 * field name is typed twice.
 *
 * <p>What is missing or malformed is a typed refusal, never a runtime
 * exception: {@link Refusal#INVALID_INPUT} in a request (the broker answers 400
 * with the message), {@link Refusal#UNREACHABLE} in an answer (console-proxy
 * cannot use it and tells its user to try again).
 */
public final class ConsoleJson {

    private static final String TICKET = "ticket";
    private static final String CLIENT_ADDR = "clientAddr";
    private static final String REASON = "reason";
    private static final String BYTES_IN = "bytesIn";
    private static final String BYTES_OUT = "bytesOut";
    private static final String LIVE = "live";
    private static final String ACTIVE = "active";
    private static final String CLOSE = "close";
    private static final String ID = "id";
    private static final String CODE = "code";
    private static final String MESSAGE = "message";
    /** The user's message when the broker orders a close without one. */
    static final String CLOSED_BY_BROKER = "closed by the broker";

    private ConsoleJson() {
    }

    public static String toJson(ConsoleCalls.Redeem r) {
        return Json.createObjectBuilder().add(TICKET, r.ticket()).add(CLIENT_ADDR, orEmpty(r.clientAddr())).build()
                .toString();
    }

    public static ConsoleCalls.Redeem redeem(String json) throws ConsoleRefusedException {
        JsonObject o = request(json);
        if (!(o.get(TICKET) instanceof jakarta.json.JsonString)) {
            throw new ConsoleRefusedException(Refusal.INVALID_INPUT, "ticket is required");
        }
        return new ConsoleCalls.Redeem(o.getString(TICKET), optional(o, CLIENT_ADDR));
    }

    public static String toJson(ConsoleCalls.Refuse r) {
        return Json.createObjectBuilder().add(TICKET, r.ticket()).add(REASON, r.reason())
                .add(CLIENT_ADDR, orEmpty(r.clientAddr())).build().toString();
    }

    public static ConsoleCalls.Refuse refuse(String json) throws ConsoleRefusedException {
        JsonObject o = request(json);
        String ticket = optional(o, TICKET);
        String reason = optional(o, REASON);
        if (ticket == null || reason == null) {
            throw new ConsoleRefusedException(Refusal.INVALID_INPUT, "ticket and reason are required");
        }
        return new ConsoleCalls.Refuse(ticket, reason, optional(o, CLIENT_ADDR));
    }

    public static String toJson(ConsoleCalls.End e) {
        return Json.createObjectBuilder().add(BYTES_IN, e.bytesIn()).add(BYTES_OUT, e.bytesOut())
                .add(REASON, orEmpty(e.reason())).build().toString();
    }

    /** A session's end; traffic not reported counts as none. */
    public static ConsoleCalls.End end(String json) throws ConsoleRefusedException {
        JsonObject o = request(json);
        try {
            return new ConsoleCalls.End(o.getJsonNumber(BYTES_IN) == null ? 0 : o.getJsonNumber(BYTES_IN).longValue(),
                    o.getJsonNumber(BYTES_OUT) == null ? 0 : o.getJsonNumber(BYTES_OUT).longValue(),
                    optional(o, REASON));
        } catch (ClassCastException e) {
            throw new ConsoleRefusedException(Refusal.INVALID_INPUT, "bytesIn and bytesOut are numbers", e);
        }
    }

    public static String toJson(ConsoleCalls.Poll p) {
        return Json.createObjectBuilder().add(LIVE, ids(p.live())).add(ACTIVE, ids(p.active())).build().toString();
    }

    /** A poll report; a list not sent counts as empty. */
    public static ConsoleCalls.Poll poll(String json) throws ConsoleRefusedException {
        JsonObject o = request(json);
        try {
            return new ConsoleCalls.Poll(uuids(o, LIVE), uuids(o, ACTIVE));
        } catch (ClassCastException | IllegalArgumentException e) {
            throw new ConsoleRefusedException(Refusal.INVALID_INPUT, "live and active are lists of session ids", e);
        }
    }

    public static String toJson(Redemption r) {
        JsonObjectBuilder b = Json.createObjectBuilder().add("sessionId", r.sessionId().toString())
                .add("protocol", r.protocol()).add("host", r.host()).add("port", r.port())
                .add("password", r.password()).add("user", r.user()).add("clipboard", r.clipboard());
        if (r.desktopId() != null) {
            b.add("desktopId", r.desktopId().toString());
        }
        if (r.desktopName() != null) {
            b.add("desktopName", r.desktopName());
        }
        if (r.loginSession() != null) {
            b.add("loginSession", r.loginSession());
        }
        return b.build().toString();
    }

    public static Redemption redemption(String json) throws ConsoleRefusedException {
        JsonObject o = answer(json);
        try {
            String desktopId = optional(o, "desktopId");
            return new Redemption(UUID.fromString(o.getString("sessionId")), o.getString("protocol"),
                    o.getString("host"), o.getInt("port"), o.getString("password"),
                    desktopId == null ? null : UUID.fromString(desktopId), optional(o, "desktopName"),
                    o.getString("user"), optional(o, "loginSession"), o.getBoolean("clipboard"));
        } catch (RuntimeException e) {
            throw new ConsoleRefusedException(Refusal.UNREACHABLE, "the broker's redemption lacks a field: " + e, e);
        }
    }

    public static String toJson(ConsoleCalls.Close c) {
        JsonArrayBuilder a = Json.createArrayBuilder();
        c.sessions().forEach((id, reason) -> a.add(Json.createObjectBuilder().add(ID, id.toString())
                .add(REASON, orEmpty(reason))));
        return Json.createObjectBuilder().add(CLOSE, a).build().toString();
    }

    public static ConsoleCalls.Close close(String json) throws ConsoleRefusedException {
        JsonObject o = answer(json);
        Map<UUID, String> sessions = new LinkedHashMap<>();
        try {
            for (JsonValue v : o.getJsonArray(CLOSE)) {
                JsonObject c = v.asJsonObject();
                String reason = optional(c, REASON);
                sessions.put(UUID.fromString(c.getString(ID)), reason == null || reason.isBlank()
                        ? CLOSED_BY_BROKER : reason);
            }
        } catch (RuntimeException e) {
            throw new ConsoleRefusedException(Refusal.UNREACHABLE, "the broker's poll answer is malformed: " + e, e);
        }
        return new ConsoleCalls.Close(sessions);
    }

    /** The error answer for a refusal: its code and the message. */
    public static String error(Refusal r, String message) {
        return Json.createObjectBuilder().add(CODE, r.code()).add(MESSAGE, message == null ? r.message() : message)
                .build().toString();
    }

    /**
     * The refusal an error answer stands for. A code this contract does not know, or
     * no JSON at all (a proxy in between, a server not started), is
     * {@link Refusal#UNREACHABLE}, with the HTTP status in the message.
     */
    public static ConsoleRefusedException refusal(int httpStatus, String body) {
        JsonObject o = parse(body);
        String code = o == null ? null : optional(o, CODE);
        String message = o == null ? null : optional(o, MESSAGE);
        return Refusal.fromCode(code)
                .map(r -> new ConsoleRefusedException(r, message))
                .orElseGet(() -> new ConsoleRefusedException(Refusal.UNREACHABLE, "the broker answered HTTP "
                        + httpStatus + (code == null ? "" : " (" + code + ")")
                        + (message == null ? "" : ": " + message)));
    }

    private static JsonObject request(String json) throws ConsoleRefusedException {
        if (json == null || json.isBlank()) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
        JsonObject o = parse(json);
        if (o == null) {
            throw new ConsoleRefusedException(Refusal.INVALID_INPUT, "the request is not a JSON object");
        }
        return o;
    }

    private static JsonObject answer(String json) throws ConsoleRefusedException {
        JsonObject o = parse(json);
        if (o == null) {
            throw new ConsoleRefusedException(Refusal.UNREACHABLE, "the broker's answer is not a JSON object");
        }
        return o;
    }

    /** The object in {@code json}; null when it is none. */
    private static JsonObject parse(String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        try (var reader = Json.createReader(new StringReader(json))) {
            JsonValue v = reader.readValue();
            return v.getValueType() == JsonValue.ValueType.OBJECT ? v.asJsonObject() : null;
        } catch (JsonException | IllegalStateException e) {
            return null;
        }
    }

    /** A string member; null when absent, null or not a string. */
    private static String optional(JsonObject o, String name) {
        return o.get(name) instanceof jakarta.json.JsonString s ? s.getString() : null;
    }

    private static JsonArrayBuilder ids(List<UUID> ids) {
        JsonArrayBuilder a = Json.createArrayBuilder();
        ids.forEach(id -> a.add(id.toString()));
        return a;
    }

    private static List<UUID> uuids(JsonObject o, String name) {
        JsonArray a = o.get(name) == null || o.isNull(name) ? JsonValue.EMPTY_JSON_ARRAY : o.getJsonArray(name);
        List<UUID> ids = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            ids.add(UUID.fromString(a.getString(i)));
        }
        return ids;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
