package org.vdi.broker.domain.model.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.vdi.broker.domain.shared.BrokerException;

class LibvirtUriTest {

    @Test
    void hostsWithKeysAndKnownHostsAreAccepted() {
        for (String ok : List.of("qemu:///system", "test:///default", "qemu+tls://kvm1.example.com/system",
                "qemu+ssh://vdi@kvm1.example.com/system?keyfile=/home/payara/.ssh/id_ed25519",
                "qemu+ssh://vdi@kvm1/system?keyfile=/k&known_hosts=/home/payara/.ssh/known_hosts&sshauth=privkey",
                "qemu+tls://kvm1/system?pkipath=/etc/pki/vdi")) {
            assertEquals(ok, LibvirtUri.require(ok));
        }
    }

    @Test
    void parametersThatRunCommandsOrSwitchChecksOffAreRefused() {
        for (String bad : List.of("qemu+ssh://h/system?command=/bin/sh", "qemu+ssh://h/system?netcat=/tmp/x",
                "qemu+ssh://h/system?socket=/var/run/other.sock", "qemu+tls://h/system?no_verify=1",
                "qemu+ssh://h/system?known_hosts_verify=ignore", "qemu+ssh://h/system?keyfile=/k&proxy=native",
                "qemu+ssh://h/system?KEYFILE=/k", "qemu:///system#x")) {
            BrokerException e = assertThrows(BrokerException.class, () -> LibvirtUri.require(bad), bad);
            assertEquals("invalid_input", e.code().code(), bad);
            assertTrue(e.getMessage().contains("not allowed") || e.getMessage().contains("fragment"), e.getMessage());
        }
    }
}
