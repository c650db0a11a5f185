package org.vdi.broker.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.vdi.broker.domain.shared.BrokerException;
import org.vdi.broker.domain.shared.ErrorCode;

class SpiceAddressTest {

    @Test
    void aConfiguredPublicHostWins() {
        assertEquals("spice.example.org",
                SpiceAddress.choose(Optional.of("spice.example.org"), "10.0.0.5", "portal.example.org:8080"));
    }

    @Test
    void aRoutableConsoleAddressIsUsedAsItIs() {
        assertEquals("10.0.0.5", SpiceAddress.choose(Optional.empty(), "10.0.0.5", "portal.example.org"));
        assertEquals("kvm1.example.org", SpiceAddress.choose(Optional.empty(), "kvm1.example.org", null));
    }

    @Test
    void loopbackOrWildcardFallsBackToTheRequestHostWithoutItsPort() {
        assertEquals("localhost", SpiceAddress.choose(Optional.empty(), "127.0.0.1", "localhost:48080"));
        assertEquals("portal.example.org", SpiceAddress.choose(Optional.empty(), "0.0.0.0", "portal.example.org"));
        assertEquals("2001:db8::1", SpiceAddress.choose(Optional.empty(), "::1", "[2001:db8::1]:8080"));
        assertEquals("192.0.2.7", SpiceAddress.choose(Optional.empty(), "localhost", "192.0.2.7"));
    }

    @Test
    void nothingUsableIsAClearError() {
        BrokerException e = assertThrows(BrokerException.class,
                () -> SpiceAddress.choose(Optional.empty(), "127.0.0.1", null));
        assertEquals(ErrorCode.INVALID_INPUT, e.code());
        assertEquals(ErrorCode.INVALID_INPUT, assertThrows(BrokerException.class,
                () -> SpiceAddress.choose(Optional.empty(), "127.0.0.1", "evil\nhost=x")).code());
        assertEquals(ErrorCode.INTERNAL_ERROR, assertThrows(BrokerException.class,
                () -> SpiceAddress.choose(Optional.of("bad host"), "127.0.0.1", "localhost")).code());
    }
}
