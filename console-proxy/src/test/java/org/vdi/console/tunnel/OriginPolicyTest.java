package org.vdi.console.tunnel;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class OriginPolicyTest {

    private final OriginPolicy sameHost = new OriginPolicy(List.of());

    @Test
    void byDefaultOnlyPagesOfTheSameHostAndPort() {
        assertTrue(sameHost.allows("http://localhost:8080", "localhost:8080"));
        assertTrue(sameHost.allows("https://VDI.example.com", "vdi.example.com"));
        assertTrue(sameHost.allows("http://vdi.example.com", "vdi.example.com"));
        assertTrue(sameHost.allows("https://vdi.example.com:443", "vdi.example.com:443"));
        assertTrue(sameHost.allows("http://[::1]:8080", "[::1]:8080"));
        assertFalse(sameHost.allows("http://evil.example.net", "vdi.example.com"));
        assertFalse(sameHost.allows("http://localhost:9999", "localhost:8080"));
        assertFalse(sameHost.allows("http://vdi.example.com:8080", "vdi.example.com"));
        assertFalse(sameHost.allows("http://vdi.example.com.evil.net", "vdi.example.com"));
    }

    @Test
    void refusesMissingOrOpaqueOrigins() {
        assertFalse(sameHost.allows(null, "localhost:8080"));
        assertFalse(sameHost.allows("", "localhost:8080"));
        assertFalse(sameHost.allows("null", "localhost:8080"));
        assertFalse(sameHost.allows("file://", "localhost:8080"));
        assertFalse(sameHost.allows("chrome-extension://abc", "abc"));
        assertFalse(sameHost.allows("http://localhost:8080", null));
        assertFalse(sameHost.allows("http://localhost:8080", "localhost:8080/x"));
        assertFalse(sameHost.allows("http://user@localhost:8080", "localhost:8080"));
    }

    @Test
    void configuredOriginsReplaceTheDefault() {
        OriginPolicy p = new OriginPolicy(List.of("https://portal.example.com", "http://localhost:18080"));
        assertTrue(p.allows("https://portal.example.com", "consoles.example.com"));
        assertTrue(p.allows("https://portal.example.com:443", "anything"));
        assertTrue(p.allows("http://localhost:18080", "localhost:28082"));
        assertFalse(p.allows("http://portal.example.com", "portal.example.com"), "scheme matters (port 80)");
        assertFalse(p.allows("http://localhost:28082", "localhost:28082"), "not the same-host default any more");
    }

    @Test
    void aMalformedConfiguredOriginIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> new OriginPolicy(List.of("portal.example.com")));
        assertThrows(IllegalArgumentException.class, () -> new OriginPolicy(List.of("https://x.example/path")));
    }
}
