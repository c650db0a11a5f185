package org.vdi.portal.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.vdi.broker.domain.shared.BrokerException;

class ConsoleUrlsTest {

    @Test
    void theTunnelIsOnTheRequestsHostByDefault() {
        assertEquals("ws://localhost:8080/console/tunnel", ConsoleUrls.tunnelUrl(Optional.empty(), "http",
                "localhost:8080"));
        assertEquals("wss://vdi.example.com/console/tunnel", ConsoleUrls.tunnelUrl(Optional.empty(), "https",
                "vdi.example.com"));
        assertEquals("ws://[::1]:18080/console/tunnel", ConsoleUrls.tunnelUrl(Optional.empty(), "http",
                "[::1]:18080"));
    }

    @Test
    void theConfiguredPublicUrlWins() {
        assertEquals("wss://vdi.example.com/console/tunnel", ConsoleUrls.tunnelUrl(
                Optional.of("https://vdi.example.com/console/"), "http", "10.0.0.5:8080"));
        assertEquals("ws://consoles.local:8080/c/tunnel", ConsoleUrls.tunnelUrl(
                Optional.of("ws://consoles.local:8080/c"), "https", "x"));
    }

    @Test
    void aHostHeaderThatIsNoHostIsRefused() {
        for (String bad : new String[] {null, "", "evil.com/x", "a@b", "evil.com\r\nX: y", "host:port"}) {
            assertThrows(BrokerException.class, () -> ConsoleUrls.tunnelUrl(Optional.empty(), "http", bad), bad);
        }
        assertThrows(BrokerException.class, () -> ConsoleUrls.tunnelUrl(Optional.of("/console"), "http", "h"));
    }
}
