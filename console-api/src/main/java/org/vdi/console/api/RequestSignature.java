package org.vdi.console.api;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a console-proxy node proves a call on the broker's internal listener is
 * its own: an HMAC-SHA256, keyed with the shared proxy key, over the method,
 * the path, the time, a nonce and the body's digest. The key itself never
 * crosses the wire, a captured request cannot be changed (the body is signed)
 * and cannot be sent again (the broker keeps each nonce for the window).
 *
 * <p>Both sides use this class, so what is signed is written once.
 */
public final class RequestSignature {

    public static final String TIME_HEADER = "X-VDI-Time";
    public static final String NONCE_HEADER = "X-VDI-Nonce";
    public static final String SIGNATURE_HEADER = "X-VDI-Signature";
    /** How far a request's time may be from the broker's clock, either way. */
    public static final Duration WINDOW = Duration.ofSeconds(60);
    /** The shortest key either side accepts. */
    public static final int MIN_KEY_LENGTH = 16;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] key;

    /** @throws IllegalArgumentException for a key shorter than {@value #MIN_KEY_LENGTH} characters */
    public RequestSignature(String key) {
        if (key == null || key.strip().length() < MIN_KEY_LENGTH) {
            throw new IllegalArgumentException("the proxy key must have at least " + MIN_KEY_LENGTH + " characters");
        }
        this.key = key.strip().getBytes(StandardCharsets.UTF_8);
    }

    /** The three headers for a request, in the order they are listed above. */
    public Map<String, String> headers(String method, String path, Instant now, byte[] body) {
        byte[] n = new byte[18];
        RANDOM.nextBytes(n);
        String time = Long.toString(now.getEpochSecond());
        String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(n);
        Map<String, String> h = new LinkedHashMap<>();
        h.put(TIME_HEADER, time);
        h.put(NONCE_HEADER, nonce);
        h.put(SIGNATURE_HEADER, sign(method, path, time, nonce, body));
        return h;
    }

    /**
     * Whether the headers sign this request and its time is inside the window;
     * the caller still has to refuse a nonce it has seen.
     */
    public boolean verifies(String method, String path, String time, String nonce, String signature, byte[] body,
            Instant now) {
        if (time == null || nonce == null || signature == null || nonce.isEmpty() || nonce.length() > 64) {
            return false;
        }
        long t;
        try {
            t = Long.parseLong(time);
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(now.getEpochSecond() - t) > WINDOW.toSeconds()) {
            return false;
        }
        byte[] expected = sign(method, path, time, nonce, body).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature.strip().getBytes(StandardCharsets.US_ASCII));
    }

    String sign(String method, String path, String time, String nonce, byte[] body) {
        try {
            String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            String text = method + "\n" + path + "\n" + time + "\n" + nonce + "\n" + digest;
            return Base64.getEncoder().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }
}
