package org.vdi.console.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RequestSignatureTest {

    private static final String PATH = "/api/v1/internal/console-tickets/redeem";
    private static final byte[] BODY = "{\"ticket\":\"t\"}".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    private final RequestSignature keys = new RequestSignature("a-key-of-twenty-chars");

    private boolean check(RequestSignature by, Map<String, String> h, String method, String path, byte[] body,
            Instant at) {
        return by.verifies(method, path, h.get(RequestSignature.TIME_HEADER), h.get(RequestSignature.NONCE_HEADER),
                h.get(RequestSignature.SIGNATURE_HEADER), body, at);
    }

    @Test
    void aSignedRequestVerifiesInsideTheWindowOnly() {
        Map<String, String> h = keys.headers("POST", PATH, NOW, BODY);
        assertTrue(check(keys, h, "POST", PATH, BODY, NOW));
        assertTrue(check(keys, h, "POST", PATH, BODY, NOW.plus(RequestSignature.WINDOW)));
        assertTrue(check(keys, h, "POST", PATH, BODY, NOW.minus(RequestSignature.WINDOW)));
        assertFalse(check(keys, h, "POST", PATH, BODY, NOW.plus(RequestSignature.WINDOW).plusSeconds(1)));
        assertFalse(check(keys, h, "POST", PATH, BODY, NOW.minus(RequestSignature.WINDOW).minusSeconds(1)));
    }

    @Test
    void everySignedPartCounts() {
        Map<String, String> h = keys.headers("POST", PATH, NOW, BODY);
        assertFalse(check(keys, h, "GET", PATH, BODY, NOW));
        assertFalse(check(keys, h, "POST", PATH + "x", BODY, NOW));
        assertFalse(check(keys, h, "POST", PATH, "{\"ticket\":\"u\"}".getBytes(StandardCharsets.UTF_8), NOW));
        assertFalse(check(new RequestSignature("another-key-of-twenty"), h, "POST", PATH, BODY, NOW));
        assertFalse(keys.verifies("POST", PATH, h.get(RequestSignature.TIME_HEADER), "other-nonce",
                h.get(RequestSignature.SIGNATURE_HEADER), BODY, NOW));
    }

    @Test
    void missingOrMalformedHeadersFail() {
        Map<String, String> h = keys.headers("POST", PATH, NOW, BODY);
        String sig = h.get(RequestSignature.SIGNATURE_HEADER);
        String nonce = h.get(RequestSignature.NONCE_HEADER);
        assertFalse(keys.verifies("POST", PATH, null, nonce, sig, BODY, NOW));
        assertFalse(keys.verifies("POST", PATH, "soon", nonce, sig, BODY, NOW));
        assertFalse(keys.verifies("POST", PATH, h.get(RequestSignature.TIME_HEADER), null, sig, BODY, NOW));
        assertFalse(keys.verifies("POST", PATH, h.get(RequestSignature.TIME_HEADER), nonce, null, BODY, NOW));
        assertFalse(keys.verifies("POST", PATH, h.get(RequestSignature.TIME_HEADER), nonce, "", BODY, NOW));
    }

    @Test
    void eachRequestHasItsOwnNonce() {
        assertNotEquals(keys.headers("POST", PATH, NOW, BODY).get(RequestSignature.NONCE_HEADER),
                keys.headers("POST", PATH, NOW, BODY).get(RequestSignature.NONCE_HEADER));
    }

    @Test
    void aShortKeyIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RequestSignature("short"));
        assertThrows(IllegalArgumentException.class, () -> new RequestSignature(null));
    }
}
