package org.vdi.portal.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * Bearer sign-in on the running portal with real Keycloak tokens: who gets in
 * (200), who is not signed in (401 with a Bearer challenge) and whose role does
 * not fit (403). Keycloak hands out no expired or unsigned tokens, so those are
 * forged from real ones; the signature and algorithm checks must catch them.
 * Needs VDI_PORTAL_URL and VDI_KEYCLOAK_URL (./vdi test sets them). Reads JSON
 * with patterns on purpose: the answers are small and known, and the test then
 * needs nothing beyond the JDK.
 */
class BearerAuthIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

    private record Answer(int status, String body, String challenge) {

        /** The body without white space, so members compare as written. */
        String compact() {
            return body.replaceAll("\\s", "");
        }
    }

    private static String env(String name) {
        String v = System.getenv(name);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " is not set; BearerAuthIT runs"
                    + " against a running portal and Keycloak (./vdi test sets VDI_PORTAL_URL and VDI_KEYCLOAK_URL)");
        }
        return v.strip().replaceAll("/+$", "");
    }

    private static Answer get(String path, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(env("VDI_PORTAL_URL") + "/api/v1" + path))
                .timeout(TIMEOUT).header("Accept", "application/json").GET();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body(), r.headers().firstValue("WWW-Authenticate").orElse(null));
    }

    private static Answer bearer(String path, String token) throws IOException, InterruptedException {
        return get(path, "Bearer " + token);
    }

    /** A password grant through the public client vdi-cli; returns the whole token response. */
    private static String grant(String user, String extra) throws IOException, InterruptedException {
        String form = "grant_type=password&client_id=vdi-cli&username=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + extra;
        HttpRequest req = HttpRequest.newBuilder(
                URI.create(env("VDI_KEYCLOAK_URL") + "/realms/vdi/protocol/openid-connect/token"))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        HttpResponse<String> r = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), "Keycloak refused a token for " + user + ": " + r.body());
        return r.body();
    }

    /** An access token of the test user whose password is the user name (alice, bob, admin). */
    private static String token(String user) throws IOException, InterruptedException {
        String t = TOKENS.get(user);
        if (t == null) {
            t = stringMember(grant(user, ""), "access_token");
            TOKENS.put(user, t);
        }
        return t;
    }

    private static String stringMember(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        assertTrue(m.find(), "no " + name + " in " + json);
        return m.group(1);
    }

    private static void assertUnauthenticated(Answer a, boolean tokenGiven) {
        assertEquals(401, a.status(), a.body());
        assertTrue(a.compact().contains("\"code\":\"unauthenticated\""), a.body());
        assertNotNull(a.challenge(), "401 without WWW-Authenticate");
        assertTrue(a.challenge().startsWith("Bearer"), "challenge: " + a.challenge());
        assertEquals(tokenGiven, a.challenge().contains("error=\"invalid_token\""), "challenge: " + a.challenge());
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /** The token with a rewritten payload and its original signature kept. */
    private static String forged(String token, String regex, String replacement) {
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String changed = payload.replaceFirst(regex, replacement);
        assertTrue(!changed.equals(payload), "the payload has nothing matching " + regex + ": " + payload);
        return parts[0] + "." + b64(changed) + "." + parts[2];
    }

    @Test
    void aUserSeesWhoTheyAre() throws Exception {
        Answer a = bearer("/me", token("alice"));
        assertEquals(200, a.status(), a.body());
        String me = a.compact();
        assertTrue(me.contains("\"name\":\"alice\""), me);
        assertTrue(me.contains("\"roles\":[\"vdi-user\"]"), me);
        assertTrue(me.contains("\"groups\":[\"/staff\"]"), me);
        assertTrue(me.contains("\"admin\":false"), me);
    }

    @Test
    void anAdminIsAnAdmin() throws Exception {
        Answer a = bearer("/me", token("admin"));
        assertEquals(200, a.status(), a.body());
        assertTrue(a.compact().contains("\"admin\":true"), a.body());
        assertTrue(a.compact().matches(".*\"roles\":\\[[^\\]]*\"vdi-admin\".*"), a.body());
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
        String forged = forged(token("alice"), "\"groups\"\\s*:\\s*\\[[^\\]]*\\]", "\"groups\":[\"vdi-admin\"]");
        assertUnauthenticated(bearer("/me", forged), true);
        assertUnauthenticated(bearer("/hosts", forged), true);
    }

    @Test
    void anExpiredTokenIsUnauthenticated() throws Exception {
        long anHourAgo = Instant.now().minus(Duration.ofHours(1)).getEpochSecond();
        String expired = forged(token("alice"), "\"exp\"\\s*:\\s*\\d+", "\"exp\":" + anHourAgo);
        assertUnauthenticated(bearer("/me", expired), true);
    }

    @Test
    void algNoneIsUnauthenticated() throws Exception {
        String[] parts = token("alice").split("\\.");
        String none = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".";
        assertUnauthenticated(bearer("/me", none), true);
    }

    @Test
    void anIdTokenIsNoAccessToken() throws Exception {
        String idToken = stringMember(grant("alice", "&scope=openid"), "id_token");
        assertUnauthenticated(bearer("/me", idToken), true);
    }

    @Test
    void aUserOnAnAdminEndpointIsForbidden() throws Exception {
        Answer a = bearer("/hosts", token("alice"));
        assertEquals(403, a.status(), a.body());
        assertTrue(a.compact().contains("\"code\":\"forbidden\""), a.body());
    }

    @Test
    void anAdminPassesTheAdminEndpoint() throws Exception {
        Answer a = bearer("/hosts", token("admin"));
        assertEquals(200, a.status(), a.body());
    }
}
