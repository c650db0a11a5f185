package org.vdi.broker.infrastructure.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class DesktopMetadataTest {

    private static final UUID DESKTOP = UUID.fromString("11111111-1111-1111-1111-111111111111");
    private static final UUID POOL = UUID.fromString("22222222-2222-2222-2222-222222222222");

    @Test
    void readsWhatVirDomainGetMetadataReturns() {
        // libvirt 9.0 returns the element without its namespace declaration.
        String element = "<desktop desktop-id=\"" + DESKTOP + "\" pool-id=\"" + POOL + "\"/>";
        assertEquals(Optional.of(new DesktopMetadata.Tag(DESKTOP, POOL)), DesktopMetadata.fromMetadataElement(element));
        String prefixed = "<vdi:desktop xmlns:vdi=\"https://vdi-broker.org/xmlns/libvirt/1\" desktop-id=\"" + DESKTOP
                + "\" pool-id=\"" + POOL + "\"/>";
        assertEquals(Optional.of(new DesktopMetadata.Tag(DESKTOP, POOL)),
                DesktopMetadata.fromMetadataElement(prefixed));
    }

    @Test
    void readsTheMarkFromDomainXml() {
        String xml = "<domain type='qemu'><name>d</name><metadata>"
                + "<other:thing xmlns:other='urn:other' desktop-id='" + UUID.randomUUID() + "'/>"
                + "<v:desktop xmlns:v='https://vdi-broker.org/xmlns/libvirt/1' desktop-id='" + DESKTOP
                + "' pool-id='" + POOL + "'/></metadata></domain>";
        assertEquals(Optional.of(new DesktopMetadata.Tag(DESKTOP, POOL)), DesktopMetadata.fromDomainXml(xml));
    }

    @Test
    void foreignDomainsCarryNoMark() {
        assertTrue(DesktopMetadata.fromDomainXml("<domain><name>d</name></domain>").isEmpty());
        assertTrue(DesktopMetadata.fromDomainXml("<domain><metadata><desktop desktop-id='" + DESKTOP
                + "' pool-id='" + POOL + "'/></metadata></domain>").isEmpty(), "no namespace: not ours");
        assertTrue(DesktopMetadata.fromDomainXml("<domain><metadata><x:desktop xmlns:x='https://vdi-broker.org/"
                + "xmlns/libvirt/2' desktop-id='" + DESKTOP + "' pool-id='" + POOL + "'/></metadata></domain>")
                .isEmpty(), "another namespace: not ours");
        assertTrue(DesktopMetadata.fromMetadataElement("<desktop desktop-id='nope' pool-id='" + POOL + "'/>")
                .isEmpty());
        assertTrue(DesktopMetadata.fromMetadataElement("<pool desktop-id='" + DESKTOP + "'/>").isEmpty());
    }

    @Test
    void refusesDoctypesInMetadata() {
        String xxe = "<?xml version='1.0'?><!DOCTYPE d [<!ENTITY x SYSTEM 'file:///etc/hostname'>]>"
                + "<desktop desktop-id='&x;' pool-id='" + POOL + "'/>";
        assertThrows(IllegalArgumentException.class, () -> DesktopMetadata.fromMetadataElement(xxe));
    }
}
