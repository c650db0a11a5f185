package org.vdi.broker.infrastructure.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.vdi.broker.domain.model.host.VirtualizationType;
import org.vdi.broker.domain.model.hypervisor.DomainSpec;
import org.vdi.broker.domain.model.hypervisor.VolumeInfo;
import org.vdi.broker.domain.shared.BrokerException;
import org.vdi.broker.domain.shared.ErrorCode;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class DomainXmlBuilderTest {

    private static final UUID DESKTOP = UUID.fromString("11111111-2222-3333-4444-555555555555");
    private static final UUID POOL = UUID.fromString("66666666-7777-8888-9999-000000000000");
    private static final VolumeInfo DISK = new VolumeInfo("desk-1.qcow2", "/var/lib/vdi/storage/desk-1.qcow2",
            "qcow2", 23_068_672, 200_704, "/var/lib/vdi/storage/golden.qcow2");

    private static DomainSpec spec(VirtualizationType type, boolean vnc, boolean spice, boolean clipboard,
            String serialLog) {
        return new DomainSpec("desk-1", DESKTOP, POOL, type, 256, 2, "desk-1.qcow2", vnc, spice, clipboard,
                "127.0.0.1", serialLog);
    }

    private static Document build(DomainSpec spec) {
        String xml = new DomainXmlBuilder(spec, DISK).passwords("vncpass1", "spice-password-0123456789").build();
        return HostCapabilities.parse(xml); // well-formed, or this throws
    }

    private static Element only(Document doc, String tag) {
        NodeList list = doc.getElementsByTagName(tag);
        assertEquals(1, list.getLength(), "exactly one <" + tag + ">");
        return (Element) list.item(0);
    }

    private static List<Element> graphics(Document doc) {
        Element devices = only(doc, "devices");
        return XmlDocuments.children(devices, "graphics");
    }

    private static List<Element> channels(Document doc) {
        return XmlDocuments.children(only(doc, "devices"), "channel");
    }

    @Test
    void describesABootableDesktop() {
        Document doc = build(spec(VirtualizationType.QEMU, true, false, false, null));
        Element domain = doc.getDocumentElement();
        assertEquals("domain", domain.getTagName());
        assertEquals("qemu", domain.getAttribute("type"));
        assertEquals("desk-1", only(doc, "name").getTextContent());
        assertEquals("256", only(doc, "memory").getTextContent());
        assertEquals("MiB", only(doc, "memory").getAttribute("unit"));
        assertEquals("2", only(doc, "vcpu").getTextContent());
        Element os = only(doc, "os");
        assertEquals("hvm", XmlDocuments.childText(os, "type"));
        assertEquals("hd", XmlDocuments.firstChild(os, "boot").getAttribute("dev"));
        assertNull(XmlDocuments.firstChild(os, "kernel"), "no direct kernel boot");
        assertNull(XmlDocuments.firstChild(os, "loader"), "SeaBIOS, not UEFI");
        assertEquals("destroy", only(doc, "on_poweroff").getTextContent());
        assertEquals("restart", only(doc, "on_reboot").getTextContent());
        assertEquals("destroy", only(doc, "on_crash").getTextContent());
        assertNotNull(XmlDocuments.firstChild(only(doc, "features"), "acpi"));
        assertEquals(0, doc.getElementsByTagName("interface").getLength(), "test desktops have no network");
        assertEquals(0, doc.getElementsByTagName("uuid").getLength(), "a new domain gets its UUID from libvirt");
    }

    @Test
    void takesTheDomainTypeFromTheSpec() {
        assertEquals("kvm", build(spec(VirtualizationType.KVM, true, false, false, null))
                .getDocumentElement().getAttribute("type"));
    }

    @Test
    void usesTheVolumePathAndFormatOnVirtio() {
        Document doc = build(spec(VirtualizationType.QEMU, true, false, false, null));
        Element disk = only(doc, "disk");
        assertEquals("file", disk.getAttribute("type"));
        assertEquals("qcow2", XmlDocuments.firstChild(disk, "driver").getAttribute("type"));
        assertEquals(DISK.path(), XmlDocuments.firstChild(disk, "source").getAttribute("file"));
        assertEquals("virtio", XmlDocuments.firstChild(disk, "target").getAttribute("bus"));
        assertEquals("vda", XmlDocuments.firstChild(disk, "target").getAttribute("dev"));
    }

    @Test
    void refusesDiskFormatsOtherThanQcow2AndRaw() {
        VolumeInfo vmdk = new VolumeInfo("d.vmdk", "/p/d.vmdk", "vmdk", 1, 1, null);
        DomainSpec s = spec(VirtualizationType.QEMU, true, false, false, null);
        assertThrows(IllegalArgumentException.class, () -> new DomainXmlBuilder(s, vmdk).passwords("a", "b").build());
    }

    @Test
    void carriesTheBrokersMetadata() {
        String xml = new DomainXmlBuilder(spec(VirtualizationType.QEMU, true, false, false, null), DISK)
                .passwords("vncpass1", "x").build();
        assertTrue(xml.contains("xmlns:vdi=\"https://vdi-broker.org/xmlns/libvirt/1\""), xml);
        Document doc = HostCapabilities.parse(xml);
        NodeList marks = doc.getElementsByTagNameNS(DesktopMetadata.NAMESPACE, "desktop");
        assertEquals(1, marks.getLength());
        Element mark = (Element) marks.item(0);
        assertEquals("metadata", ((Element) mark.getParentNode()).getTagName());
        assertEquals(DESKTOP.toString(), mark.getAttribute("desktop-id"));
        assertEquals(POOL.toString(), mark.getAttribute("pool-id"));
        assertEquals(new DesktopMetadata.Tag(DESKTOP, POOL), DesktopMetadata.fromDomainXml(xml).orElseThrow());
    }

    @Test
    void vncListensWithAutoportAndAnInitialPassword() {
        List<Element> g = graphics(build(spec(VirtualizationType.QEMU, true, false, false, null)));
        assertEquals(1, g.size());
        Element vnc = g.get(0);
        assertEquals("vnc", vnc.getAttribute("type"));
        assertEquals("yes", vnc.getAttribute("autoport"));
        assertEquals("vncpass1", vnc.getAttribute("passwd"));
        Element listen = XmlDocuments.firstChild(vnc, "listen");
        assertEquals("address", listen.getAttribute("type"));
        assertEquals("127.0.0.1", listen.getAttribute("address"));
    }

    @Test
    void spiceAndClipboardOnlyWhenAsked() {
        Document plain = build(spec(VirtualizationType.QEMU, true, false, false, null));
        assertEquals(List.of("unix"), channels(plain).stream().map(e -> e.getAttribute("type")).toList(),
                "only the guest agent's channel");
        Document both = build(spec(VirtualizationType.QEMU, true, true, true, null));
        List<Element> g = graphics(both);
        assertEquals(List.of("vnc", "spice"), g.stream().map(e -> e.getAttribute("type")).toList());
        assertEquals("spice-password-0123456789", g.get(1).getAttribute("passwd"));
        List<Element> bothChannels = channels(both);
        assertEquals(List.of("unix", "qemu-vdagent"), bothChannels.stream().map(e -> e.getAttribute("type")).toList());
        Element channel = bothChannels.get(1);
        assertEquals("qemu-vdagent", channel.getAttribute("type"));
        Element clipboard = XmlDocuments.firstChild(XmlDocuments.firstChild(channel, "source"), "clipboard");
        assertEquals("yes", clipboard.getAttribute("copypaste"));
        Element target = XmlDocuments.firstChild(channel, "target");
        assertEquals("virtio", target.getAttribute("type"));
        assertEquals("com.redhat.spice.0", target.getAttribute("name"));
        Document spiceOnly = build(spec(VirtualizationType.QEMU, false, true, false, null));
        assertEquals(List.of("spice"), graphics(spiceOnly).stream().map(e -> e.getAttribute("type")).toList());
    }

    @Test
    void everyDesktopHasTheGuestAgentChannelOnVirtioSerial() {
        for (DomainSpec spec : List.of(spec(VirtualizationType.QEMU, true, false, false, null),
                spec(VirtualizationType.KVM, false, true, true, "/var/log/vdi/desk-1.log"))) {
            Document doc = build(spec);
            Element agent = channels(doc).get(0);
            assertEquals("unix", agent.getAttribute("type"));
            Element source = XmlDocuments.firstChild(agent, "source");
            assertEquals("bind", source.getAttribute("mode"));
            assertFalse(source.hasAttribute("path"), "libvirt picks the socket path");
            Element target = XmlDocuments.firstChild(agent, "target");
            assertEquals("virtio", target.getAttribute("type"));
            assertEquals("org.qemu.guest_agent.0", target.getAttribute("name"));
            Element controller = only(doc, "controller");
            assertEquals("virtio-serial", controller.getAttribute("type"));
            assertEquals("0", controller.getAttribute("index"));
            assertEquals(only(doc, "devices"), controller.getParentNode());
        }
    }

    @Test
    void serialConsoleLogsWhenAPathIsGiven() {
        Document without = build(spec(VirtualizationType.QEMU, true, false, false, null));
        Element serial = only(without, "serial");
        assertEquals("pty", serial.getAttribute("type"));
        assertNull(XmlDocuments.firstChild(serial, "log"));
        assertEquals("pty", only(without, "console").getAttribute("type"));

        Document with = build(spec(VirtualizationType.QEMU, true, false, false, "/var/log/vdi/desk-1.log"));
        Element log = XmlDocuments.firstChild(only(with, "serial"), "log");
        assertEquals("/var/log/vdi/desk-1.log", log.getAttribute("file"));
        assertEquals("off", log.getAttribute("append"));
        assertEquals("serial", XmlDocuments.firstChild(only(with, "console"), "target").getAttribute("type"));
    }

    @Test
    void keepsTheUuidOfAnExistingDomain() {
        String uuid = "0f2e1a7c-5b3d-4e6f-8a9b-1c2d3e4f5a6b";
        String xml = new DomainXmlBuilder(spec(VirtualizationType.QEMU, true, false, false, null), DISK)
                .uuid(uuid).passwords("vncpass1", "x").build();
        assertEquals(uuid, only(HostCapabilities.parse(xml), "uuid").getTextContent());
    }

    @Test
    void domainSpecRefusesNamesWithXmlSpecials() {
        for (String evil : List.of("desk'/><devices><disk/></devices><x a='", "desk<evil/>", "desk&amp;",
                "desk\"", "a b", "../etc", "desk\n")) {
            BrokerException e = assertThrows(BrokerException.class, () -> new DomainSpec(evil, DESKTOP, POOL,
                    VirtualizationType.QEMU, 256, 1, "desk-1.qcow2", true, false, false, "127.0.0.1", null), evil);
            assertEquals(ErrorCode.INVALID_NAME, e.code());
        }
        for (String evilDisk : List.of("d'/><evil/>", "../golden.qcow2", "a/b", "x..y")) {
            assertThrows(IllegalArgumentException.class, () -> new DomainSpec("desk-1", DESKTOP, POOL,
                    VirtualizationType.QEMU, 256, 1, evilDisk, true, false, false, "127.0.0.1", null), evilDisk);
        }
    }

    @Test
    void valuesThatPassTheSpecCannotInjectElements() {
        // An absolute path without ".." passes DomainSpec, whatever else it holds;
        // the DOM serializer must keep it one attribute value.
        String path = "/var/log/a'/><log file='/etc/shadow'/></serial><disk type='file'><source file='/etc/passwd'/>"
                + "</disk><serial type='pty'><log file=\"x&amp;<y>\"";
        String evilVolumePath = "/pool/d'/><source file='/etc/passwd'/><x y='";
        VolumeInfo disk = new VolumeInfo("desk-1.qcow2", evilVolumePath, "qcow2", 1, 1, null);
        String xml = new DomainXmlBuilder(spec(VirtualizationType.QEMU, true, false, false, path), disk)
                .passwords("p'\"<&>x", "spice").build();
        Document doc = HostCapabilities.parse(xml);
        assertEquals(1, doc.getElementsByTagName("disk").getLength());
        assertEquals(1, XmlDocuments.children(only(doc, "disk"), "source").size());
        assertEquals(2, doc.getElementsByTagName("source").getLength(), "the disk's and the agent channel's");
        assertEquals(1, doc.getElementsByTagName("log").getLength());
        assertEquals(1, doc.getElementsByTagName("serial").getLength());
        assertEquals(path, ((Element) doc.getElementsByTagName("log").item(0)).getAttribute("file"));
        assertEquals(evilVolumePath, XmlDocuments.firstChild(only(doc, "disk"), "source").getAttribute("file"));
        assertEquals("p'\"<&>x", graphics(doc).get(0).getAttribute("passwd"));
        assertFalse(xml.contains("<x y="));
    }

    @Test
    void refusesControlCharactersAndOddListenAddresses() {
        DomainSpec controlChar = spec(VirtualizationType.QEMU, true, false, false, "/var/log/a\u0001b");
        assertThrows(IllegalArgumentException.class,
                () -> new DomainXmlBuilder(controlChar, DISK).passwords("vncpass1", "x").build());
        DomainSpec badListen = new DomainSpec("desk-1", DESKTOP, POOL, VirtualizationType.QEMU, 256, 1,
                "desk-1.qcow2", true, false, false, "0.0.0.0'/><x", null);
        assertThrows(IllegalArgumentException.class,
                () -> new DomainXmlBuilder(badListen, DISK).passwords("vncpass1", "x").build());
    }

    @Test
    void refusesVncPasswordsLongerThanRfbAllows() {
        DomainSpec s = spec(VirtualizationType.QEMU, true, false, false, null);
        assertThrows(BrokerException.class, () -> new DomainXmlBuilder(s, DISK).passwords("123456789", "x").build());
        assertThrows(IllegalArgumentException.class, () -> new DomainXmlBuilder(s, DISK).passwords(null, "x").build());
    }
}
