package org.vdi.broker.infrastructure.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.vdi.broker.domain.model.hypervisor.VolumeInfo;
import org.vdi.broker.domain.shared.BrokerException;
import org.vdi.broker.domain.shared.ErrorCode;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class VolumeXmlTest {

    private static final VolumeInfo GOLDEN = new VolumeInfo("golden.qcow2", "/var/lib/vdi/storage/golden.qcow2",
            "qcow2", 23_068_672, 15_667_200, null);

    /** Abridged from what libvirt 9.0 returns for an overlay made by {@link VolumeXmlBuilder#overlay}. */
    private static final String LIBVIRT_OVERLAY = """
            <volume type='file'>
              <name>desk-1.qcow2</name>
              <key>/var/lib/vdi/storage/desk-1.qcow2</key>
              <capacity unit='bytes'>23068672</capacity>
              <allocation unit='bytes'>200704</allocation>
              <physical unit='bytes'>196768</physical>
              <target>
                <path>/var/lib/vdi/storage/desk-1.qcow2</path>
                <format type='qcow2'/>
                <permissions><mode>0600</mode><owner>0</owner><group>0</group></permissions>
                <compat>1.1</compat>
                <clusterSize unit='B'>65536</clusterSize>
                <features/>
              </target>
              <backingStore>
                <path>/var/lib/vdi/storage/golden.qcow2</path>
                <format type='qcow2'/>
                <permissions><mode>0644</mode><owner>0</owner><group>0</group></permissions>
              </backingStore>
            </volume>
            """;

    @Test
    void overlayIsQcow2BackedByTheGoldenImage() {
        Document doc = HostCapabilities.parse(VolumeXmlBuilder.overlay("desk-1.qcow2", GOLDEN));
        Element volume = doc.getDocumentElement();
        assertEquals("desk-1.qcow2", XmlDocuments.childText(volume, "name"));
        assertEquals("23068672", XmlDocuments.childText(volume, "capacity"));
        assertEquals("bytes", XmlDocuments.firstChild(volume, "capacity").getAttribute("unit"));
        Element target = XmlDocuments.firstChild(volume, "target");
        assertEquals("qcow2", XmlDocuments.firstChild(target, "format").getAttribute("type"));
        Element backing = XmlDocuments.firstChild(volume, "backingStore");
        assertEquals(GOLDEN.path(), XmlDocuments.childText(backing, "path"));
        assertEquals("qcow2", XmlDocuments.firstChild(backing, "format").getAttribute("type"));
    }

    @Test
    void overlayStatesARawBackingFormat() {
        VolumeInfo raw = new VolumeInfo("golden.img", "/p/golden.img", "raw", 1_048_576, 1_048_576, null);
        Element backing = XmlDocuments.firstChild(
                HostCapabilities.parse(VolumeXmlBuilder.overlay("d.qcow2", raw)).getDocumentElement(), "backingStore");
        assertEquals("raw", XmlDocuments.firstChild(backing, "format").getAttribute("type"));
        VolumeInfo iso = new VolumeInfo("golden.iso", "/p/golden.iso", "iso", 1, 1, null);
        assertThrows(IllegalArgumentException.class, () -> VolumeXmlBuilder.overlay("d.qcow2", iso));
    }

    @Test
    void copyHasNoBackingStore() {
        String xml = VolumeXmlBuilder.copy("desk-2.qcow2", GOLDEN);
        Element volume = HostCapabilities.parse(xml).getDocumentElement();
        assertNull(XmlDocuments.firstChild(volume, "backingStore"));
        assertEquals("qcow2",
                XmlDocuments.firstChild(XmlDocuments.firstChild(volume, "target"), "format").getAttribute("type"));
    }

    @Test
    void refusesVolumeNamesThatCouldLeaveThePool() {
        for (String bad : List.of("../etc/shadow", "a..b", "a/b", "", ".hidden", "-x", "d'/><x/>", "a b",
                "x".repeat(129))) {
            BrokerException e = assertThrows(BrokerException.class, () -> VolumeXmlBuilder.overlay(bad, GOLDEN), bad);
            assertEquals(ErrorCode.INVALID_NAME, e.code());
            assertFalse(VolumeNames.isValid(bad));
        }
        assertTrue(VolumeNames.isValid("vdi-desk_1.qcow2"));
        assertTrue(VolumeNames.isValid("x".repeat(128)));
    }

    @Test
    void aGoldenPathWithSpecialsStaysOneTextNode() {
        VolumeInfo odd = new VolumeInfo("g", "/p/a</path><path>/etc/shadow", "qcow2", 1, 1, null);
        Document doc = HostCapabilities.parse(VolumeXmlBuilder.overlay("d.qcow2", odd));
        assertEquals(1, doc.getElementsByTagName("path").getLength());
        assertEquals(odd.path(), doc.getElementsByTagName("path").item(0).getTextContent());
    }

    @Test
    void readsLibvirtsVolumeXml() {
        VolumeInfo v = VolumeXmlReader.read(LIBVIRT_OVERLAY);
        assertEquals("desk-1.qcow2", v.name());
        assertEquals("/var/lib/vdi/storage/desk-1.qcow2", v.path());
        assertEquals("qcow2", v.format());
        assertEquals(23_068_672, v.capacityBytes());
        assertEquals(200_704, v.allocationBytes());
        assertEquals("/var/lib/vdi/storage/golden.qcow2", v.backingPath());
        VolumeInfo plain = VolumeXmlReader.read(VolumeXmlBuilder.copy("desk-2.qcow2", GOLDEN));
        assertNull(plain.backingPath());
    }

    @Test
    void convertsSizeUnits() {
        Element size = HostCapabilities.parse("<capacity unit='GiB'>2</capacity>").getDocumentElement();
        assertEquals(2L * 1024 * 1024 * 1024, VolumeXmlReader.bytes(size));
        Element plain = HostCapabilities.parse("<capacity>512</capacity>").getDocumentElement();
        assertEquals(512, VolumeXmlReader.bytes(plain));
    }
}
