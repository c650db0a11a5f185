package org.vdi.portal.rest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProxyKeyTest {

    @Test
    void proxyKeysCompareByContent() {
        assertTrue(ProxyKey.same("0123456789abcdef", "0123456789abcdef"));
        assertFalse(ProxyKey.same("0123456789abcdef", "0123456789abcdeg"));
        assertFalse(ProxyKey.same("0123456789abcdef", "0123456789abcdef0"));
        assertFalse(ProxyKey.same("0123456789abcdef", ""));
    }
}
