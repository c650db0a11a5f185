package org.vdi.portal.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.vdi.portal.it.ItEnv;
import org.vdi.portal.it.Json;
import org.vdi.portal.it.Keycloak;

/**
 * Bearer sign-in on the running portal with real Keycloak tokens: who gets in
 * (200), who is not signed in (401 with a Bearer challenge) and whose role does
 * not fit (403). Expired tokens cannot be had from Keycloak on demand, so the
 * expiry is forged into a real token instead; the signature must catch it.
 * Needs VDI_PORTAL_URL and VDI_KEYCLOAK_URL (./vdi test sets them).
 */
class BearerAuthIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private record Answer(int status, String body, String challenge) {

        Map<String, Object> json() {
            return Json.object(Json.parse(body));
        }
    }

    private static Answer get(String path, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(ItEnv.apiUrl() + path))
                .timeout(Duration.ofSeconds(30)).header("Accept", "application/json").GET();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body(), r.headers().firstValue("WWW-Authenticate").orElse(null));
    }

    private static Answer bearer(String path, String token) throws IOException, InterruptedException {
        return get(path, "Bearer " + token);
    }

    private static void assertUnauthenticated(Answer a, boolean tokenGiven) {
        assertEquals(401, a.status(), a.body());
        assertEquals("unauthenticated", Json.str(a.json(), "code"), a.body());
        assertTrue(a.challenge() != null && a.challenge().startsWith("Bearer"), "challenge: " + a.challenge());
        assertEquals(tokenGiven, a.challenge().contains("error=\"invalid_token\""), "challenge: " + a.challenge());
    }

    /** The token with its payload claims changed and its original signature kept. */
    private static String withClaims(String token, Map<String, Object> changes) {
        String[] parts = token.split("\\.");
        Map<String, Object> claims = new LinkedHashMap<>(
                Json.object(Json.parse(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8))));
        claims.putAll(changes);
        return parts[0] + "." + b64(Json.write(claims)) + "." + parts[2];
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aUserSeesWhoTheyAre() throws Exception {
        Answer a = bearer("/me", Keycloak.token("alice", "alice"));
        assertEquals(200, a.status(), a.body());
        Map<String, Object> me = a.json();
        assertEquals("alice", Json.str(me, "name"));
        assertEquals(List.of("vdi-user"), Json.array(me.get("roles")));
        assertEquals(List.of("staff"), Json.array(me.get("groups")));
        assertEquals("false", Json.str(me, "admin"));
    }

    @Test
    void anAdminIsAnAdmin() throws Exception {
        Answer a = bearer("/me", Keycloak.token("admin", "admin"));
        assertEquals(200, a.status(), a.body());
        assertTrue(Json.array(a.json().get("roles")).contains("vdi-admin"), a.body());
        assertEquals("true", Json.str(a.json(), "admin"));
    }

    @Test
    void noTokenIsUnauthenticated() throws Exception {
        assertUnauthenticated(get("/me", null), false);
        assertUnauthenticated(get("/pools", null), false);
    }

    @Test
    void anotherSchemeIsUnauthenticated() throws Exception {
        String basic = Base64.getEncoder().encodeToString("alice:alice".getBytes(StandardCharsets.UTF_8));
        assertUnauthenticated(get("/me", "Basic " + basic), false);
    }

    @Test
    void garbageIsUnauthenticated() throws Exception {
        assertUnauthenticated(bearer("/me", "garbage"), true);
        assertUnauthenticated(bearer("/me", "a.b.c"), true);
    }

    @Test
    void aTamperedPayloadIsUnauthenticated() throws Exception {
        String forged = withClaims(Keycloak.token("alice", "alice"), Map.of("groups", List.of("vdi-admin")));
        assertUnauthenticated(bearer("/me", forged), true);
        assertUnauthenticated(bearer("/hosts", forged), true);
    }

    @Test
    void anExpiredTokenIsUnauthenticated() throws Exception {
        long past = Instant.now().minus(Duration.ofHours(1)).getEpochSecond();
        String expired = withClaims(Keycloak.token("alice", "alice"), Map.of("exp", past));
        assertUnauthenticated(bearer("/me", expired), true);
    }

    @Test
    void algNoneIsUnauthenticated() throws Exception {
        String[] parts = Keycloak.token("alice", "alice").split("\\.");
        String none = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".";
        assertUnauthenticated(bearer("/me", none), true);
    }

    @Test
    void anIdTokenIsNoAccessToken() throws Exception {
        String form = "grant_type=password&client_id=vdi-cli&scope=openid&username=alice&password="
                + URLEncoder.encode("alice", StandardCharsets.UTF_8);
        HttpRequest req = HttpRequest.newBuilder(
                URI.create(ItEnv.keycloakUrl() + "/realms/vdi/protocol/openid-connect/token"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        HttpResponse<String> r = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        String idToken = Json.str(Json.object(Json.parse(r.body())), "id_token");
        assertFalse(idToken == null || idToken.isEmpty(), r.body());
        assertUnauthenticated(bearer("/me", idToken), true);
    }

    @Test
    void aUserOnAnAdminEndpointIsForbidden() throws Exception {
        Answer a = bearer("/hosts", Keycloak.token("alice", "alice"));
        assertEquals(403, a.status(), a.body());
        assertEquals("forbidden", Json.str(a.json(), "code"), a.body());
    }

    @Test
    void anAdminPassesTheAdminEndpoint() throws Exception {
        Answer a = bearer("/hosts", Keycloak.token("admin", "admin"));
        assertEquals(200, a.status(), a.body());
    }
}
