package org.vdi.portal.rest;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.vdi.console.api.ConsoleRefusedException;
import org.vdi.console.api.Refusal;

class ProxyKeyTest {

    private static final String KEY = "0123456789abcdef";

    private static ProxyKey configured(Optional<String> key) {
        ProxyKey k = new ProxyKey();
        k.key = key;
        return k;
    }

    @Test
    void proxyKeysCompareByContent() {
        assertTrue(ProxyKey.same(KEY, KEY));
        assertFalse(ProxyKey.same(KEY, "0123456789abcdeg"));
        assertFalse(ProxyKey.same(KEY, KEY + "0"));
        assertFalse(ProxyKey.same(KEY, ""));
    }

    @Test
    void noKeyConfiguredIsNotConfiguredNeverAServerError() {
        for (Optional<String> unset : java.util.List.of(Optional.<String>empty(), Optional.of("  "),
                Optional.of("short"))) {
            ConsoleRefusedException e = assertThrows(ConsoleRefusedException.class,
                    () -> configured(unset).require(KEY));
            assertEquals(Refusal.NOT_CONFIGURED, e.refusal());
            assertEquals(503, e.refusal().httpStatus());
            assertTrue(e.getMessage().contains("VDI_PROXY_KEY"), e.getMessage());
        }
    }

    @Test
    void aMissingOrWrongKeyIsUnauthenticated() {
        ProxyKey k = configured(Optional.of(" " + KEY + "\n"));
        assertDoesNotThrow(() -> k.require(KEY));
        assertEquals(Refusal.UNAUTHENTICATED, assertThrows(ConsoleRefusedException.class,
                () -> k.require(null)).refusal());
        ConsoleRefusedException wrong = assertThrows(ConsoleRefusedException.class,
                () -> k.require("fedcba9876543210"));
        assertEquals(Refusal.UNAUTHENTICATED, wrong.refusal());
        assertEquals(401, wrong.refusal().httpStatus());
    }
}
