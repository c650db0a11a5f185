package org.vdi.portal.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.vdi.console.api.ConsoleRefusedException;
import org.vdi.console.api.Refusal;
import org.vdi.console.api.RequestSignature;

class ProxyKeyTest {

    private static final String KEY = "0123456789abcdef";
    private static final String PATH = "/api/v1/internal/console-sessions/poll";
    private static final byte[] BODY = "{\"live\":[],\"active\":[]}".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

    private static ProxyKey configured(Optional<String> key) {
        ProxyKey k = new ProxyKey();
        k.key = key;
        k.clock = Clock.fixed(NOW, ZoneOffset.UTC);
        return k;
    }

    private static void call(ProxyKey k, Map<String, String> h, byte[] body) throws ConsoleRefusedException {
        k.require("POST", PATH, h.get(RequestSignature.TIME_HEADER), h.get(RequestSignature.NONCE_HEADER),
                h.get(RequestSignature.SIGNATURE_HEADER), body);
    }

    @Test
    void noKeyConfiguredIsNotConfiguredNeverAServerError() {
        for (Optional<String> unset : List.of(Optional.<String>empty(), Optional.of("  "), Optional.of("short"))) {
            ProxyKey k = configured(unset);
            Map<String, String> h = new RequestSignature(KEY).headers("POST", PATH, NOW, BODY);
            ConsoleRefusedException e = assertThrows(ConsoleRefusedException.class, () -> call(k, h, BODY));
            assertEquals(Refusal.NOT_CONFIGURED, e.refusal());
            assertEquals(503, e.refusal().httpStatus());
            assertTrue(e.getMessage().contains("VDI_PROXY_KEY"), e.getMessage());
        }
    }

    @Test
    void aSignedCallPassesOnceAndOnlyOnce() {
        ProxyKey k = configured(Optional.of(" " + KEY + "\n"));
        Map<String, String> h = new RequestSignature(KEY).headers("POST", PATH, NOW, BODY);
        assertDoesNotThrow(() -> call(k, h, BODY));
        ConsoleRefusedException again = assertThrows(ConsoleRefusedException.class, () -> call(k, h, BODY));
        assertEquals(Refusal.UNAUTHENTICATED, again.refusal());
        assertDoesNotThrow(() -> call(k, new RequestSignature(KEY).headers("POST", PATH, NOW, BODY), BODY));
    }

    @Test
    void anUnsignedWrongOrStaleCallIsUnauthenticated() {
        ProxyKey k = configured(Optional.of(KEY));
        Map<String, String> wrong = new RequestSignature("fedcba9876543210").headers("POST", PATH, NOW, BODY);
        Map<String, String> stale = new RequestSignature(KEY).headers("POST", PATH, NOW.minusSeconds(61), BODY);
        Map<String, String> right = new RequestSignature(KEY).headers("POST", PATH, NOW, BODY);
        for (Map<String, String> h : List.of(Map.<String, String>of(), wrong, stale)) {
            ConsoleRefusedException e = assertThrows(ConsoleRefusedException.class, () -> call(k, h, BODY));
            assertEquals(Refusal.UNAUTHENTICATED, e.refusal());
            assertEquals(401, e.refusal().httpStatus());
        }
        assertEquals(Refusal.UNAUTHENTICATED, assertThrows(ConsoleRefusedException.class,
                () -> call(k, right, "{}".getBytes(StandardCharsets.UTF_8))).refusal());
    }

    @Test
    void theListenAddressIsHostAndPort() {
        assertEquals(new InetSocketAddress("127.0.0.1", 8081), InternalListener.address("127.0.0.1:8081"));
        assertEquals(8081, InternalListener.address("[::1]:8081").getPort());
        for (String bad : List.of("8081", "host", "host:0", "host:70000", "http://host:8081", "a b:1")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> InternalListener.address(bad));
            assertTrue(e.getMessage().contains("VDI_INTERNAL_LISTEN"), e.getMessage());
        }
    }
}
