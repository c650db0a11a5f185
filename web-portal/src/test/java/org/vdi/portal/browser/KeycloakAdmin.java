package org.vdi.portal.browser;

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

import org.vdi.portal.it.ItEnv;
import org.vdi.portal.it.Json;

/**
 * The little of Keycloak's admin REST API the browser tests need: a user's id
 * and "sign this user out everywhere", which makes Keycloak send back-channel
 * logout tokens to the portal. As the master realm's admin (password in
 * VDI_KEYCLOAK_ADMIN_PASSWORD_FILE, user VDI_KEYCLOAK_ADMIN_USER or kcadmin).
 */
final class KeycloakAdmin {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private KeycloakAdmin() {
    }

    static String userId(String username) {
        HttpResponse<String> r = send("GET", "/users?exact=true&username="
                + URLEncoder.encode(username, StandardCharsets.UTF_8));
        expect(r, 200);
        return Json.objects(Json.parse(r.body())).stream()
                .filter(u -> username.equals(u.get("username")))
                .map(u -> Json.str(u, "id")).findFirst()
                .orElseThrow(() -> new AssertionError("realm vdi has no user " + username));
    }

    /** Ends all of the user's Keycloak sessions (POST /users/{id}/logout). */
    static void logout(String userId) {
        expect(send("POST", "/users/" + userId + "/logout"), 204);
    }

    private static HttpResponse<String> send(String method, String path) {
        HttpRequest req = HttpRequest.newBuilder(URI.create(ItEnv.keycloakUrl() + "/admin/realms/vdi" + path))
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + adminToken())
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return exchange(req);
    }

    private static String adminToken() {
        String file = ItEnv.require("VDI_KEYCLOAK_ADMIN_PASSWORD_FILE");
        String password;
        try {
            password = Files.readString(Path.of(file)).strip();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the Keycloak admin password from " + file + ": " + e);
        }
        String form = "grant_type=password&client_id=admin-cli&username="
                + URLEncoder.encode(ItEnv.optional("VDI_KEYCLOAK_ADMIN_USER", "kcadmin"), StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
        HttpRequest req = HttpRequest.newBuilder(URI.create(ItEnv.keycloakUrl()
                + "/realms/master/protocol/openid-connect/token"))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        HttpResponse<String> r = exchange(req);
        expect(r, 200);
        return Json.str(Json.object(Json.parse(r.body())), "access_token");
    }

    private static void expect(HttpResponse<String> r, int status) {
        if (r.statusCode() != status) {
            throw new AssertionError("Keycloak " + r.request().method() + " " + r.request().uri() + ": HTTP "
                    + r.statusCode() + " " + r.body());
        }
    }

    private static HttpResponse<String> exchange(HttpRequest req) {
        try {
            return HTTP.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("Keycloak at " + req.uri() + " does not answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
