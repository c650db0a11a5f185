package org.vdi.broker.domain.model.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vdi.broker.domain.shared.BrokerException;

class HostTest {

    private static Host host() {
        return new Host("kvm-1", "qemu+ssh://root@kvm1.example/system", "default", VirtualizationType.KVM,
                "10.0.0.5", 40, 65_536);
    }

    @Test
    void startsUnknownAndRecordsContacts() {
        Host h = host();
        assertEquals(HostState.UNKNOWN, h.state());
        assertTrue(h.enabled());
        h.markDown("connection refused");
        assertEquals(HostState.DOWN, h.state());
        assertEquals("connection refused", h.stateReason());
        h.markUp(true, Instant.now());
        assertEquals(HostState.UP, h.state());
        assertNull(h.stateReason());
        assertEquals(Boolean.TRUE, h.kvmAvailable());
    }

    @Test
    void refusesBadSettings() {
        assertThrows(BrokerException.class, () -> new Host("../x", "qemu:///system", "default",
                VirtualizationType.KVM, "127.0.0.1", 1, 1024));
        assertThrows(BrokerException.class, () -> new Host("h", "qemu:///system", "a/b",
                VirtualizationType.KVM, "127.0.0.1", 1, 1024));
        assertThrows(BrokerException.class, () -> new Host("h", "qemu:///system", "default",
                VirtualizationType.KVM, "127.0.0.1", 0, 1024));
        assertThrows(BrokerException.class, () -> new Host("h", "qemu:///system", "default",
                VirtualizationType.KVM, "127.0.0.1 ; rm", 1, 1024));
        assertThrows(BrokerException.class, () -> new Host("h", "qemu:///system", "default",
                VirtualizationType.KVM, "127.0.0.1", 1, 10));
    }

    @ParameterizedTest
    @ValueSource(strings = {"qemu:///system", "qemu:///session", "qemu+ssh://root@host/system",
        "qemu+tls://host.example:16514/system", "test:///default"})
    void acceptsLibvirtUris(String uri) {
        assertEquals(uri, LibvirtUri.require(uri));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "xen:///system", "qemu:///system; reboot", "qemu:///sys tem", "http://x/",
        "qemu:///system\n", "/system", "qemu+ssh://host/system?command=`id`"})
    void refusesOtherUris(String uri) {
        assertThrows(BrokerException.class, () -> LibvirtUri.require(uri));
    }

    @Test
    void parsesVirtualizationType() {
        assertEquals(VirtualizationType.QEMU, VirtualizationType.parse("qemu"));
        assertEquals(VirtualizationType.KVM, VirtualizationType.parse("KVM"));
        assertEquals("qemu", VirtualizationType.QEMU.domainType());
        assertThrows(BrokerException.class, () -> VirtualizationType.parse("xen"));
    }
}
