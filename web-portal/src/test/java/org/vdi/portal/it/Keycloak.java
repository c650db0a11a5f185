package org.vdi.portal.it;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keycloak for the tests: access tokens from a password grant through the
 * public client {@code vdi-cli} (cached until shortly before they expire),
 * and test users created and removed through the admin REST API as the
 * master realm's admin.
 */
public final class Keycloak {

    public static final String REALM = "vdi";
    public static final String CLI_CLIENT = "vdi-cli";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private record Token(String value, Instant renewAfter) {
    }

    private static final Map<String, Token> TOKENS = new ConcurrentHashMap<>();
    private static volatile Token adminToken;

    private Keycloak() {
    }

    /** An access token of realm vdi for the user, from the cache while it has a minute left. */
    public static String token(String user, String password) {
        String key = user + "\u0000" + password;
        Token t = TOKENS.get(key);
        if (t == null || Instant.now().isAfter(t.renewAfter())) {
            t = passwordGrant(REALM, CLI_CLIENT, user, password);
            TOKENS.put(key, t);
        }
        return t.value();
    }

    /** Forgets cached tokens (e.g. after a user was deleted). */
    public static void forget(String user) {
        TOKENS.keySet().removeIf(k -> k.startsWith(user + "\u0000"));
    }

    private static Token passwordGrant(String realm, String client, String user, String password) {
        String form = form(Map.of("grant_type", "password", "client_id", client, "username", user,
                "password", password));
        HttpRequest req = HttpRequest.newBuilder(URI.create(ItEnv.keycloakUrl() + "/realms/" + realm
                + "/protocol/openid-connect/token"))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        HttpResponse<String> r = send(req);
        if (r.statusCode() != 200) {
            throw new AssertionError("Keycloak refused a token for " + user + " in realm " + realm + ": HTTP "
                    + r.statusCode() + " " + r.body());
        }
        Map<String, Object> body = Json.object(Json.parse(r.body()));
        long expiresIn = Long.parseLong(Json.str(body, "expires_in"));
        // renew a minute early (or halfway for very short lifetimes)
        long margin = Math.min(60, expiresIn / 2);
        return new Token(Json.str(body, "access_token"), Instant.now().plusSeconds(expiresIn - margin));
    }

    // --- admin REST API ----------------------------------------------------

    private static String adminToken() {
        Token t = adminToken;
        if (t == null || Instant.now().isAfter(t.renewAfter())) {
            String file = ItEnv.require("VDI_KEYCLOAK_ADMIN_PASSWORD_FILE");
            String password;
            try {
                password = Files.readString(Path.of(file)).strip();
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the Keycloak admin password from " + file + ": " + e);
            }
            t = passwordGrant("master", "admin-cli", ItEnv.optional("VDI_KEYCLOAK_ADMIN_USER", "kcadmin"),
                    password);
            adminToken = t;
        }
        return t.value();
    }

    private static HttpResponse<String> admin(String method, String path, Object body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(ItEnv.keycloakUrl() + "/admin/realms/" + REALM
                + path)).timeout(TIMEOUT).header("Authorization", "Bearer " + adminToken());
        if (body != null) {
            b.header("Content-Type", "application/json");
            b.method(method, HttpRequest.BodyPublishers.ofString(Json.write(body)));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return send(b.build());
    }

    private static HttpResponse<String> adminOk(String method, String path, Object body) {
        HttpResponse<String> r = admin(method, path, body);
        if (r.statusCode() / 100 != 2) {
            throw new AssertionError("Keycloak admin API " + method + " " + path + ": HTTP " + r.statusCode() + " "
                    + r.body());
        }
        return r;
    }

    /**
     * Creates an enabled user of realm vdi with a permanent password, member of
     * the groups (a top-level group by name, any group by full path, created when
     * missing) and holding the realm roles; returns its id.
     */
    public static String createUser(String username, String password, List<String> groups, List<String> roles) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("username", username);
        user.put("enabled", true);
        // a complete profile, so Keycloak asks for no "update profile" step at the password grant
        user.put("firstName", "Test");
        user.put("lastName", username);
        user.put("email", username + "@example.org");
        user.put("emailVerified", true);
        user.put("credentials", List.of(Map.of("type", "password", "value", password, "temporary", false)));
        HttpResponse<String> r = adminOk("POST", "/users", user);
        String location = r.headers().firstValue("Location").orElseThrow(
                () -> new AssertionError("Keycloak created user " + username + " but sent no Location"));
        String id = location.substring(location.lastIndexOf('/') + 1);
        for (String g : groups) {
            adminOk("PUT", "/users/" + id + "/groups/" + groupId(g), null);
        }
        if (!roles.isEmpty()) {
            List<Object> reps = roles.stream().map(Keycloak::role).map(m -> (Object) m).toList();
            adminOk("POST", "/users/" + id + "/role-mappings/realm", reps);
        }
        return id;
    }

    /** Takes a realm role away from a user. */
    public static void removeRealmRole(String userId, String role) {
        adminOk("DELETE", "/users/" + userId + "/role-mappings/realm", List.of(role(role)));
    }

    /** Disables a user: Keycloak refuses their sign-ins and token refreshes from then on. */
    public static void disableUser(String userId) {
        Map<String, Object> rep = Json.object(Json.parse(adminOk("GET", "/users/" + userId, null).body()));
        Map<String, Object> changed = new LinkedHashMap<>(rep);
        changed.put("enabled", false);
        adminOk("PUT", "/users/" + userId, changed);
    }

    /** Deletes a user by id; a user that is already gone is fine. */
    public static void deleteUser(String id) {
        HttpResponse<String> r = admin("DELETE", "/users/" + id, null);
        if (r.statusCode() != 204 && r.statusCode() != 404) {
            throw new AssertionError("Keycloak admin API DELETE /users/" + id + ": HTTP " + r.statusCode() + " "
                    + r.body());
        }
    }

    private static final Map<String, String> GROUP_IDS = new ConcurrentHashMap<>();
    private static final Map<String, Map<String, Object>> ROLES = new ConcurrentHashMap<>();

    /**
     * The id of the group at this full path ({@code /contractors/staff}), creating it and
     * its missing parents; they stay in the realm (a test names them uniquely).
     */
    public static String ensureGroup(String path) {
        if (!path.startsWith("/") || path.endsWith("/")) {
            throw new IllegalArgumentException("not a full group path: " + path);
        }
        return GROUP_IDS.computeIfAbsent(path, p -> {
            HttpResponse<String> r = admin("GET", "/group-by-path" + p, null);
            if (r.statusCode() == 200) {
                return Json.str(Json.object(Json.parse(r.body())), "id");
            }
            int cut = p.lastIndexOf('/');
            String name = p.substring(cut + 1);
            HttpResponse<String> made = cut == 0
                    ? adminOk("POST", "/groups", Map.of("name", name))
                    : adminOk("POST", "/groups/" + ensureGroup(p.substring(0, cut)) + "/children", Map.of("name", name));
            if (made.statusCode() == 201) {
                String location = made.headers().firstValue("Location").orElseThrow(
                        () -> new AssertionError("Keycloak created group " + p + " but sent no Location"));
                return location.substring(location.lastIndexOf('/') + 1);
            }
            return Json.str(Json.object(Json.parse(made.body())), "id");
        });
    }

    private static String groupId(String name) {
        if (name.startsWith("/")) {
            return ensureGroup(name);
        }
        return GROUP_IDS.computeIfAbsent(name, n -> {
            HttpResponse<String> r = adminOk("GET", "/groups?exact=true&search="
                    + URLEncoder.encode(n, StandardCharsets.UTF_8), null);
            return Json.objects(Json.parse(r.body())).stream().filter(g -> n.equals(g.get("name")))
                    .map(g -> Json.str(g, "id")).findFirst()
                    .orElseThrow(() -> new AssertionError("realm " + REALM + " has no group " + n));
        });
    }

    private static Map<String, Object> role(String name) {
        return ROLES.computeIfAbsent(name, n -> {
            Map<String, Object> rep = Json.object(Json.parse(adminOk("GET", "/roles/"
                    + URLEncoder.encode(n, StandardCharsets.UTF_8).replace("+", "%20"), null).body()));
            return Map.of("id", rep.get("id"), "name", rep.get("name"));
        });
    }

    private static HttpResponse<String> send(HttpRequest req) {
        try {
            return HTTP.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("Keycloak at " + req.uri() + " does not answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static String form(Map<String, String> fields) {
        StringJoiner j = new StringJoiner("&");
        fields.forEach((k, v) -> j.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return j.toString();
    }
}
