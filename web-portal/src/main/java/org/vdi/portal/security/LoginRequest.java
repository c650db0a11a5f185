package org.vdi.portal.security;

import java.io.Serializable;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One sign-in in flight: what {@code /auth/login} sent to the realm and
 * {@code /auth/callback} must see again. {@code state} binds the callback to this
 * browser's session (no login CSRF), {@code nonce} binds the ID token to this
 * request (no replayed token), and the PKCE verifier binds the code to us (a code
 * stolen on the way back is useless without it). Kept in the HTTP session only.
 */
public record LoginRequest(String state, String nonce, String codeVerifier, String next, Instant startedAt)
        implements Serializable {

    /** 32 random bytes each: 256 bits, far beyond guessing. */
    static final int RANDOM_BYTES = 32;

    public LoginRequest {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(codeVerifier, "codeVerifier");
        Objects.requireNonNull(startedAt, "startedAt");
        next = SafeRedirect.relative(next);
    }

    /** A fresh request with new random state, nonce and verifier. */
    public static LoginRequest start(String next, Instant now) {
        return new LoginRequest(SecureTokens.random(RANDOM_BYTES), SecureTokens.random(RANDOM_BYTES),
                SecureTokens.random(RANDOM_BYTES), next, now);
    }

    /** PKCE S256: base64url(SHA-256(verifier)) (RFC 7636, 4.2). */
    public String codeChallenge() {
        return SecureTokens.base64url(SecureTokens.sha256(codeVerifier));
    }

    /** The authorization request to send the browser to (code flow, PKCE S256). */
    public URI authorizationUri(URI endpoint, String clientId, String redirectUri) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("response_type", "code");
        q.put("client_id", clientId);
        q.put("redirect_uri", redirectUri);
        q.put("scope", "openid");
        q.put("state", state);
        q.put("nonce", nonce);
        q.put("code_challenge", codeChallenge());
        q.put("code_challenge_method", "S256");
        String query = q.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return URI.create(endpoint + (endpoint.getRawQuery() == null ? "?" : "&") + query);
    }

    @Override
    public String toString() {
        // never log the secrets
        return "LoginRequest[next=" + next + ", startedAt=" + startedAt + "]";
    }
}
