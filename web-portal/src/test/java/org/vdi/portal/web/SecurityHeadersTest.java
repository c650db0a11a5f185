package org.vdi.portal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

class SecurityHeadersTest {

    @Test
    void webSocketsGoOnlyToThePortalAndItsConsoleOrigin() {
        String p = SecurityHeaders.policy(Set.of("wss://vdi.example.com"), Set.of());
        assertTrue(p.contains("connect-src 'self' wss://vdi.example.com;"), p);
        assertFalse(p.contains(" ws: ") || p.contains(" wss: ") || p.endsWith(" wss:"), "no WebSocket to any host: "
                + p);
        assertTrue(SecurityHeaders.policy(Set.of(), Set.of()).contains("connect-src 'self';"));
    }

    @Test
    void formsGoOnlyToThePortalAndKeycloak() {
        String p = SecurityHeaders.policy(Set.of(), Set.of("https://sso.example.com"));
        assertTrue(p.contains("form-action 'self' https://sso.example.com;"), p);
        assertTrue(p.contains("frame-ancestors 'none'"), p);
    }

    @Test
    void originsAreSchemeAndAuthorityOfWebUrlsOnly() {
        assertEquals(Optional.of("https://sso.example.com:8443"),
                SecurityHeaders.origin("https://sso.example.com:8443/realms/vdi"));
        assertEquals(Optional.of("wss://vdi.example.com"),
                SecurityHeaders.webSocketOrigin("https://vdi.example.com/console"));
        assertEquals(Optional.of("ws://[::1]:18080"), SecurityHeaders.webSocketOrigin("http://[::1]:18080/console"));
        assertEquals(Optional.empty(), SecurityHeaders.origin("javascript:alert(1)"));
        assertEquals(Optional.empty(), SecurityHeaders.origin("https://a b/"));
        assertEquals(Optional.empty(), SecurityHeaders.origin("https://evil.example.com; script-src *"));
        assertEquals(Optional.empty(), SecurityHeaders.origin("/relative"));
    }
}
