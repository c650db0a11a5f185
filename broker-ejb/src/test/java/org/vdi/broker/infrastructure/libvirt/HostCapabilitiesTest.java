package org.vdi.broker.infrastructure.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HostCapabilitiesTest {

    private static String caps(String domains) {
        return "<capabilities><host><cpu><arch>x86_64</arch></cpu></host>"
                + "<guest><os_type>hvm</os_type><arch name='i686'><domain type='kvm'/></arch></guest>"
                + "<guest><os_type>hvm</os_type><arch name='x86_64'><wordsize>64</wordsize>" + domains
                + "</arch></guest></capabilities>";
    }

    @Test
    void findsKvmForX86_64Guests() {
        assertTrue(HostCapabilities.offersKvm(caps("<domain type='qemu'/><domain type='kvm'/>")));
        assertFalse(HostCapabilities.offersKvm(caps("<domain type='qemu'/>")));
    }

    @Test
    void refusesDoctypes() {
        String xxe = "<?xml version='1.0'?><!DOCTYPE c [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><c>&x;</c>";
        assertThrows(IllegalArgumentException.class, () -> HostCapabilities.offersKvm(xxe));
    }

    @Test
    void formatsLibvirtVersions() {
        assertEquals("9.0.0", LibvirtHypervisor.dotted(9_000_000));
        assertEquals("10.2.13", LibvirtHypervisor.dotted(10_002_013));
    }
}
