package org.vdi.broker.infrastructure.libvirt;

import java.util.Objects;
import java.util.UUID;

import org.vdi.broker.domain.model.hypervisor.DomainSpec;
import org.vdi.broker.domain.model.hypervisor.VolumeInfo;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Builds a desktop's libvirt domain XML from a {@link DomainSpec} with the DOM
 * API. The spec validates names; this class adds what only the adapter knows
 * (the disk's path and format in the host's pool, the initial display
 * passwords) and refuses values XML cannot carry. The guest boots from its own
 * disk with SeaBIOS: no direct kernel boot, so a golden image is self-contained.
 */
final class DomainXmlBuilder {

    /** Addresses the display servers may listen on: an IP address or host name, nothing else. */
    private static final String ADDRESS = "^[A-Za-z0-9.:\\[\\]-]{1,255}$";

    /** The virtio port name qemu-ga opens in the guest and libvirt's agent commands use. */
    static final String GUEST_AGENT_CHANNEL = "org.qemu.guest_agent.0";

    private final DomainSpec spec;
    private final VolumeInfo disk;
    private String uuid;
    private String vncPassword;
    private String spicePassword;

    /**
     * @param spec the desktop's domain
     * @param disk the spec's disk volume as found in the host's storage pool
     */
    DomainXmlBuilder(DomainSpec spec, VolumeInfo disk) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.disk = Objects.requireNonNull(disk, "disk");
    }

    /** Keeps the UUID of an already defined domain, so defining again updates it instead of failing. */
    DomainXmlBuilder uuid(String existingUuid) {
        this.uuid = existingUuid == null ? null : UUID.fromString(existingUuid).toString();
        return this;
    }

    /** The displays' initial passwords; the broker sets the real one per console. */
    DomainXmlBuilder passwords(String vnc, String spice) {
        this.vncPassword = vnc;
        this.spicePassword = spice;
        return this;
    }

    String build() {
        Document doc = XmlDocuments.newDocument();
        Element domain = XmlDocuments.root(doc, "domain");
        domain.setAttribute("type", spec.type().domainType());
        XmlDocuments.child(domain, "name", spec.domainName());
        if (uuid != null) {
            XmlDocuments.child(domain, "uuid", uuid);
        }
        DesktopMetadata.appendTo(XmlDocuments.child(domain, "metadata"), spec.desktopId(), spec.poolId());
        XmlDocuments.child(domain, "memory", Integer.toString(spec.memoryMib())).setAttribute("unit", "MiB");
        XmlDocuments.child(domain, "currentMemory", Integer.toString(spec.memoryMib())).setAttribute("unit", "MiB");
        XmlDocuments.child(domain, "vcpu", Integer.toString(spec.vcpus())).setAttribute("placement", "static");
        appendOs(domain);
        Element features = XmlDocuments.child(domain, "features");
        XmlDocuments.child(features, "acpi"); // ACPI shutdown is how shutdown() asks the guest first
        XmlDocuments.child(features, "apic");
        XmlDocuments.child(domain, "clock").setAttribute("offset", "utc");
        XmlDocuments.child(domain, "on_poweroff", "destroy");
        XmlDocuments.child(domain, "on_reboot", "restart");
        XmlDocuments.child(domain, "on_crash", "destroy");
        appendDevices(XmlDocuments.child(domain, "devices"));
        return XmlDocuments.serialize(doc);
    }

    private static void appendOs(Element domain) {
        Element os = XmlDocuments.child(domain, "os");
        Element type = XmlDocuments.child(os, "type", "hvm");
        type.setAttribute("arch", "x86_64");
        type.setAttribute("machine", "pc");
        XmlDocuments.child(os, "boot").setAttribute("dev", "hd");
    }

    private void appendDevices(Element devices) {
        appendDisk(devices);
        appendNetworkInterfaces(devices);
        appendSerialConsole(devices);
        appendGuestAgentChannel(devices);
        if (spec.clipboard()) {
            appendClipboardChannel(devices);
        }
        // An absolute pointer, so the remote mouse and the guest's agree.
        Element tablet = XmlDocuments.child(devices, "input");
        tablet.setAttribute("type", "tablet");
        tablet.setAttribute("bus", "usb");
        if (spec.vnc()) {
            appendGraphics(devices, "vnc", vncPassword);
        }
        if (spec.spice()) {
            appendGraphics(devices, "spice", spicePassword);
        }
        Element model = XmlDocuments.child(XmlDocuments.child(devices, "video"), "model");
        model.setAttribute("type", "vga");
    }

    private void appendDisk(Element devices) {
        String format = disk.format();
        if (!"qcow2".equals(format) && !"raw".equals(format)) {
            throw new IllegalArgumentException("disk volume " + disk.name() + " has format " + format
                    + "; desktops use qcow2 or raw");
        }
        Element d = XmlDocuments.child(devices, "disk");
        d.setAttribute("type", "file");
        d.setAttribute("device", "disk");
        Element driver = XmlDocuments.child(d, "driver");
        driver.setAttribute("name", "qemu");
        driver.setAttribute("type", format);
        driver.setAttribute("discard", "unmap");
        XmlDocuments.child(d, "source").setAttribute("file", XmlDocuments.requireText("disk path", disk.path()));
        Element target = XmlDocuments.child(d, "target");
        target.setAttribute("dev", "vda");
        target.setAttribute("bus", "virtio");
    }

    /**
     * The place for network interfaces. Test desktops need none; a pool's
     * network (a libvirt network or a bridge, virtio model) is added here
     * when the spec carries one.
     */
    private void appendNetworkInterfaces(Element devices) {
        // none yet
    }

    /** A pty serial port (first console), logged to a file by virtlogd when the spec names one. */
    private void appendSerialConsole(Element devices) {
        Element serial = XmlDocuments.child(devices, "serial");
        serial.setAttribute("type", "pty");
        if (spec.serialLogPath() != null) {
            Element log = XmlDocuments.child(serial, "log");
            log.setAttribute("file", XmlDocuments.requireText("serial log path", spec.serialLogPath()));
            log.setAttribute("append", "off");
        }
        XmlDocuments.child(serial, "target").setAttribute("port", "0");
        Element console = XmlDocuments.child(devices, "console");
        console.setAttribute("type", "pty");
        Element target = XmlDocuments.child(console, "target");
        target.setAttribute("type", "serial");
        target.setAttribute("port", "0");
    }

    /**
     * The qemu-guest-agent's port, on every desktop: the broker hands a desktop
     * out only once the agent in the guest answers on it (a pool's
     * {@code agent} readiness). libvirt picks the host end's socket path (under
     * its channel directory) and tracks whether the guest has the port open.
     * The virtio-serial controller carries this channel and the clipboard's.
     */
    private static void appendGuestAgentChannel(Element devices) {
        Element controller = XmlDocuments.child(devices, "controller");
        controller.setAttribute("type", "virtio-serial");
        controller.setAttribute("index", "0");
        Element channel = XmlDocuments.child(devices, "channel");
        channel.setAttribute("type", "unix");
        XmlDocuments.child(channel, "source").setAttribute("mode", "bind");
        Element target = XmlDocuments.child(channel, "target");
        target.setAttribute("type", "virtio");
        target.setAttribute("name", GUEST_AGENT_CHANNEL);
    }

    /** QEMU's built-in vdagent: clipboard sharing for VNC and SPICE without a SPICE client agent on the host. */
    private static void appendClipboardChannel(Element devices) {
        Element channel = XmlDocuments.child(devices, "channel");
        channel.setAttribute("type", "qemu-vdagent");
        XmlDocuments.child(XmlDocuments.child(channel, "source"), "clipboard").setAttribute("copypaste", "yes");
        Element target = XmlDocuments.child(channel, "target");
        target.setAttribute("type", "virtio");
        target.setAttribute("name", "com.redhat.spice.0");
    }

    private void appendGraphics(Element devices, String type, String password) {
        String address = spec.listenAddress();
        if (address == null || !address.matches(ADDRESS)) {
            throw new IllegalArgumentException("listen address must be an IP address or host name");
        }
        if (password == null) {
            throw new IllegalArgumentException("a " + type + " display needs an initial password");
        }
        Element g = XmlDocuments.child(devices, "graphics");
        g.setAttribute("type", type);
        g.setAttribute("autoport", "yes");
        g.setAttribute("passwd", ConsolePasswords.require(type, password));
        Element listen = XmlDocuments.child(g, "listen");
        listen.setAttribute("type", "address");
        listen.setAttribute("address", address);
    }
}
