package org.vdi.portal.directory;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * Reads the answers of Keycloak's admin REST API: group trees
 * ({@code GET /admin/realms/{realm}/groups}) and realm roles
 * ({@code GET /admin/realms/{realm}/roles}). Entries without a usable name are
 * skipped; anything that is not the expected JSON is a {@link DirectoryException}.
 */
final class DirectoryJson {

    /** Group trees deeper than this are cut (Keycloak allows any depth; entitlements rarely need it). */
    static final int MAX_DEPTH = 16;

    private DirectoryJson() {
    }

    /** Every group of the tree, depth first, one entry per name (the first path wins), sorted by name. */
    static List<DirectoryEntry> groups(String json) throws DirectoryException {
        Map<String, DirectoryEntry> byName = new LinkedHashMap<>();
        collect(array(json), "", 0, byName);
        List<DirectoryEntry> out = new ArrayList<>(byName.values());
        out.sort(Comparator.comparing(DirectoryEntry::name, String.CASE_INSENSITIVE_ORDER));
        return out;
    }

    private static void collect(JsonArray groups, String parent, int depth, Map<String, DirectoryEntry> out) {
        if (depth >= MAX_DEPTH) {
            return;
        }
        for (JsonValue v : groups) {
            if (!(v instanceof JsonObject g)) {
                continue;
            }
            String name = string(g, "name");
            if (name == null || name.isBlank()) {
                continue;
            }
            String path = string(g, "path");
            if (path == null) {
                path = parent + "/" + name;
            }
            out.putIfAbsent(name, new DirectoryEntry(name, path, null));
            if (g.get("subGroups") instanceof JsonArray sub) {
                collect(sub, path, depth + 1, out);
            }
        }
    }

    /** The realm roles, sorted by name; client roles (should any come along) are left out. */
    static List<DirectoryEntry> roles(String json) throws DirectoryException {
        List<DirectoryEntry> out = new ArrayList<>();
        for (JsonValue v : array(json)) {
            if (!(v instanceof JsonObject r) || r.getBoolean("clientRole", false)) {
                continue;
            }
            String name = string(r, "name");
            if (name != null && !name.isBlank()) {
                out.add(new DirectoryEntry(name, name, description(string(r, "description"))));
            }
        }
        out.sort(Comparator.comparing(DirectoryEntry::name, String.CASE_INSENSITIVE_ORDER));
        return out;
    }

    /** A role's description, unless it is a message key of Keycloak's own ("${role_offline-access}"). */
    private static String description(String d) {
        return d == null || d.isBlank() || d.startsWith("${") ? null : d;
    }

    /** The access token of a token endpoint answer, with its lifetime in seconds (60 when not given). */
    static ServiceToken token(String json, long nowMillis) throws DirectoryException {
        JsonObject o = object(json);
        String token = string(o, "access_token");
        if (token == null || token.isBlank()) {
            throw new DirectoryException("the token endpoint sent no access_token");
        }
        long expiresIn = o.get("expires_in") instanceof jakarta.json.JsonNumber n ? n.longValue() : 60;
        return new ServiceToken(token, nowMillis + Math.max(0, expiresIn) * 1000);
    }

    private static JsonArray array(String json) throws DirectoryException {
        JsonValue v = parse(json);
        if (v instanceof JsonArray a) {
            return a;
        }
        throw new DirectoryException("Keycloak answered " + v.getValueType() + " where a list was expected");
    }

    private static JsonObject object(String json) throws DirectoryException {
        JsonValue v = parse(json);
        if (v instanceof JsonObject o) {
            return o;
        }
        throw new DirectoryException("Keycloak answered " + v.getValueType() + " where an object was expected");
    }

    private static JsonValue parse(String json) throws DirectoryException {
        if (json == null || json.isBlank()) {
            throw new DirectoryException("Keycloak sent an empty answer");
        }
        try (JsonReader r = Json.createReader(new StringReader(json))) {
            return r.readValue();
        } catch (JsonException | IllegalStateException e) {
            throw new DirectoryException("Keycloak sent an answer that is not JSON", e);
        }
    }

    private static String string(JsonObject o, String name) {
        return o.get(name) instanceof JsonString s ? s.getString() : null;
    }
}
