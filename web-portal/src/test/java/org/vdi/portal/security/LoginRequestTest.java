package org.vdi.portal.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class LoginRequestTest {

    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");

    @Test
    void pkceChallengeIsS256OfTheVerifier() {
        // the example of RFC 7636, appendix B
        LoginRequest r = new LoginRequest("s", "n", "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", "/", NOW);
        assertEquals("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", r.codeChallenge());
    }

    @Test
    void everyRequestHasFreshUnguessableValues() {
        LoginRequest a = LoginRequest.start("/", NOW);
        LoginRequest b = LoginRequest.start("/", NOW);
        assertNotEquals(a.state(), b.state());
        assertNotEquals(a.nonce(), b.nonce());
        assertNotEquals(a.codeVerifier(), b.codeVerifier());
        assertNotEquals(a.state(), a.nonce());
        // 32 random bytes, base64url: 43 characters, within PKCE's 43..128 and its alphabet
        assertTrue(a.codeVerifier().matches("[A-Za-z0-9_-]{43}"), a.codeVerifier());
        assertTrue(a.state().matches("[A-Za-z0-9_-]{43}"), a.state());
    }

    @Test
    void theAuthorizationRequestCarriesStateNonceAndChallenge() {
        LoginRequest r = LoginRequest.start("/index.html", NOW);
        URI uri = r.authorizationUri(URI.create("http://kc/realms/vdi/protocol/openid-connect/auth"), "vdi-portal",
                "http://portal/auth/callback");
        Map<String, String> q = query(uri);
        assertEquals("code", q.get("response_type"));
        assertEquals("vdi-portal", q.get("client_id"));
        assertEquals("http://portal/auth/callback", q.get("redirect_uri"));
        assertEquals("openid", q.get("scope"));
        assertEquals(r.state(), q.get("state"));
        assertEquals(r.nonce(), q.get("nonce"));
        assertEquals(r.codeChallenge(), q.get("code_challenge"));
        assertEquals("S256", q.get("code_challenge_method"));
        assertFalse(uri.toString().contains(r.codeVerifier()), "the verifier never leaves the server");
    }

    @Test
    void nextIsSanitised() {
        assertEquals("/", LoginRequest.start("https://evil.example/", NOW).next());
        assertEquals("/index.html?x=1", LoginRequest.start("/index.html?x=1", NOW).next());
    }

    @Test
    void toStringHidesTheSecrets() {
        LoginRequest r = LoginRequest.start("/", NOW);
        assertFalse(r.toString().contains(r.state()) || r.toString().contains(r.codeVerifier())
                || r.toString().contains(r.nonce()));
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> m = new HashMap<>();
        for (String p : uri.getRawQuery().split("&")) {
            int i = p.indexOf('=');
            m.put(p.substring(0, i), URLDecoder.decode(p.substring(i + 1), StandardCharsets.UTF_8));
        }
        return m;
    }
}
