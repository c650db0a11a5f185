package org.vdi.portal.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/** Unguessable values (state, nonce, PKCE verifier, CSRF token) and their comparison. */
public final class SecureTokens {

    // NOTE: SecureRandom is thread-safe; one instance seeds itself once.
    private static final SecureRandom RANDOM = new SecureRandom();

    private SecureTokens() {
    }

    /** {@code bytes} random bytes as base64url without padding (32 bytes: 43 characters). */
    public static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return base64url(b);
    }

    public static String base64url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Compares in time independent of where the values differ; null never matches. */
    public static boolean equal(String expected, String given) {
        if (expected == null || given == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    /** SHA-256 of the ASCII bytes, as PKCE S256 and at_hash need it. */
    static byte[] sha256(String ascii) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(ascii.getBytes(StandardCharsets.US_ASCII));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
