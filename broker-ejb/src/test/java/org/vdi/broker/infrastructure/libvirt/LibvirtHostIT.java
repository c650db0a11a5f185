package org.vdi.broker.infrastructure.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.KeycodeSet;
import org.libvirt.LibvirtException;
import org.libvirt.StoragePool;
import org.libvirt.StorageVol;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The real hypervisor host, through libvirt-java and nothing of the broker: a
 * linked clone of the golden volume boots as a domain, its VNC server answers,
 * and keys typed with libvirt's send-key reach a shell in the guest.
 *
 * <p>Needs a libvirtd on this machine (the serial log is read as a local file)
 * with the profile's storage pool and golden volume, as the vdi scripts set up
 * (scripts/libvirt.sh). Settings come from the environment: VDI_LIBVIRT_URI,
 * VDI_STORAGE_POOL, VDI_GOLDEN_VOLUME, VDI_VIRT_TYPE (kvm|qemu) and
 * VDI_NAME_PREFIX; VDI_LOGS, when set, keeps the guest's serial log there.
 *
 * <p>The golden image's contract (scripts/golden-image.sh): it prints
 * {@code VDI-GUEST-READY} on the serial port once the shell on the VGA console
 * reads keys; keys sent earlier may be lost.
 */
class LibvirtHostIT {

    static final String BROKER_NS = "https://vdi-broker.org/xmlns/libvirt/1";
    static final String READY_LINE = "VDI-GUEST-READY";
    static final Duration BOOT_TIMEOUT = Duration.ofSeconds(120);
    static final Duration ECHO_TIMEOUT = Duration.ofSeconds(30);
    static final int VIR_DOMAIN_UNDEFINE_MANAGED_SAVE = 1;
    static final int VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA = 2;

    static Map<String, String> env;
    static Connect conn;
    static StorageVol cloneVol;
    static Domain domain;
    static Path serialLog;
    static Path tempDir;

    @BeforeAll
    static void connect() throws LibvirtException {
        env = requiredEnv("VDI_LIBVIRT_URI", "VDI_STORAGE_POOL", "VDI_GOLDEN_VOLUME", "VDI_VIRT_TYPE",
                "VDI_NAME_PREFIX");
        String type = env.get("VDI_VIRT_TYPE");
        if (!type.equals("kvm") && !type.equals("qemu")) {
            fail("VDI_VIRT_TYPE must be kvm or qemu, not '" + type + "'");
        }
        conn = new Connect(env.get("VDI_LIBVIRT_URI"));
    }

    @AfterAll
    static void cleanUp() throws IOException {
        List<String> problems = new ArrayList<>();
        try {
            if (domain != null) {
                try {
                    if (domain.isActive() == 1) {
                        domain.destroy();
                    }
                } catch (LibvirtException e) {
                    problems.add("destroy: " + e.getMessage());
                }
                try {
                    domain.undefine(VIR_DOMAIN_UNDEFINE_MANAGED_SAVE | VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA);
                } catch (LibvirtException e) {
                    problems.add("undefine: " + e.getMessage());
                }
            }
            if (cloneVol != null) {
                try {
                    cloneVol.delete(0);
                } catch (LibvirtException e) {
                    problems.add("delete volume: " + e.getMessage());
                }
            }
        } finally {
            try {
                if (conn != null) {
                    conn.close();
                }
            } catch (LibvirtException e) {
                problems.add("close: " + e.getMessage());
            }
            if (tempDir != null) {
                Files.deleteIfExists(serialLog);
                Files.deleteIfExists(tempDir);
            }
        }
        if (!problems.isEmpty()) {
            fail("cleaning up the test domain left problems: " + problems);
        }
    }

    @Test
    void linkedCloneBootsAndTakesKeysFromSendKey() throws Exception {
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String name = env.get("VDI_NAME_PREFIX") + "-it-" + id;
        StoragePool pool = conn.storagePoolLookupByName(env.get("VDI_STORAGE_POOL"));
        pool.refresh(0);
        StorageVol golden = pool.storageVolLookupByName(env.get("VDI_GOLDEN_VOLUME"));

        // Linked clone: a qcow2 overlay whose backing file is the golden volume.
        cloneVol = pool.storageVolCreateXML(
                toXml(cloneVolumeXml(name + ".qcow2", golden.getInfo().capacity, golden.getPath())), 0);
        assertTrue(cloneVol.getXMLDesc(0).contains(golden.getPath()), "the clone is backed by the golden volume");

        serialLog = serialLogFile(name);
        domain = conn.domainDefineXML(toXml(domainXml(name, env.get("VDI_VIRT_TYPE"),
                env.get("VDI_STORAGE_POOL"), name + ".qcow2", serialLog)));
        assertTrue(domain.getXMLDesc(0).contains(BROKER_NS), "the domain keeps the broker's metadata");
        domain.create();

        // VNC: the live XML names the port libvirt picked.
        Document live = parse(domain.getXMLDesc(0));
        String port = (String) XPathFactory.newInstance().newXPath()
                .evaluate("/domain/devices/graphics[@type='vnc']/@port", live, XPathConstants.STRING);
        assertTrue(port.matches("\\d+") && Integer.parseInt(port) >= 5900, "VNC port in the live XML: " + port);
        assertEquals("RFB 003.008\n", rfbBanner("127.0.0.1", Integer.parseInt(port)));

        awaitInLog(serialLog, READY_LINE, BOOT_TIMEOUT, "the guest's ready line");

        String marker = "MARK-" + id;
        type(domain, "echo " + marker + " > /dev/ttyS0\n");
        awaitInLog(serialLog, marker, ECHO_TIMEOUT, "the marker typed on the VGA console");
    }

    // --- XML, built with the DOM API ---------------------------------------

    static Document cloneVolumeXml(String volName, long capacity, String backingPath) throws Exception {
        Document doc = newDocument();
        Element volume = doc.createElement("volume");
        volume.setAttribute("type", "file");
        doc.appendChild(volume);
        child(volume, "name").setTextContent(volName);
        Element cap = child(volume, "capacity");
        cap.setAttribute("unit", "bytes");
        cap.setTextContent(Long.toString(capacity));
        child(child(volume, "target"), "format").setAttribute("type", "qcow2");
        Element backing = child(volume, "backingStore");
        child(backing, "path").setTextContent(backingPath);
        child(backing, "format").setAttribute("type", "qcow2");
        return doc;
    }

    static Document domainXml(String name, String virtType, String poolName, String volName, Path log)
            throws Exception {
        Document doc = newDocument();
        Element domain = doc.createElement("domain");
        domain.setAttribute("type", virtType);
        doc.appendChild(domain);
        child(domain, "name").setTextContent(name);

        Element tag = doc.createElementNS(BROKER_NS, "vdi:desktop");
        tag.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:vdi", BROKER_NS);
        tag.setAttribute("pool", "integration-test");
        tag.setAttribute("desktop", name);
        child(domain, "metadata").appendChild(tag);

        Element memory = child(domain, "memory");
        memory.setAttribute("unit", "MiB");
        memory.setTextContent("256");
        child(domain, "vcpu").setTextContent("1");
        Element os = child(domain, "os");
        Element osType = child(os, "type");
        osType.setAttribute("arch", "x86_64");
        osType.setAttribute("machine", "pc");
        osType.setTextContent("hvm");
        child(os, "boot").setAttribute("dev", "hd");
        child(child(domain, "features"), "acpi");

        Element devices = child(domain, "devices");
        // Boots from its own disk through SeaBIOS, like every desktop clone.
        Element disk = child(devices, "disk");
        disk.setAttribute("type", "volume");
        disk.setAttribute("device", "disk");
        Element driver = child(disk, "driver");
        driver.setAttribute("name", "qemu");
        driver.setAttribute("type", "qcow2");
        Element source = child(disk, "source");
        source.setAttribute("pool", poolName);
        source.setAttribute("volume", volName);
        Element target = child(disk, "target");
        target.setAttribute("dev", "vda");
        target.setAttribute("bus", "virtio");

        // The serial console, logged to a file the test reads.
        Element serial = child(devices, "serial");
        serial.setAttribute("type", "pty");
        Element logEl = child(serial, "log");
        logEl.setAttribute("file", log.toString());
        logEl.setAttribute("append", "off");
        child(serial, "target").setAttribute("port", "0");
        Element console = child(devices, "console");
        console.setAttribute("type", "pty");
        Element consoleTarget = child(console, "target");
        consoleTarget.setAttribute("type", "serial");
        consoleTarget.setAttribute("port", "0");

        Element graphics = child(devices, "graphics");
        graphics.setAttribute("type", "vnc");
        graphics.setAttribute("autoport", "yes");
        Element listen = child(graphics, "listen");
        listen.setAttribute("type", "address");
        listen.setAttribute("address", "127.0.0.1");
        child(child(devices, "video"), "model").setAttribute("type", "vga");

        // Nothing the guest does not use: fewer devices, faster boot under TCG.
        Element usb = child(devices, "controller");
        usb.setAttribute("type", "usb");
        usb.setAttribute("model", "none");
        child(devices, "memballoon").setAttribute("model", "none");
        return doc;
    }

    static Element child(Element parent, String name) {
        Element e = parent.getOwnerDocument().createElement(name);
        parent.appendChild(e);
        return e;
    }

    static DocumentBuilder builder() throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setExpandEntityReferences(false);
        return f.newDocumentBuilder();
    }

    static Document newDocument() throws Exception {
        return builder().newDocument();
    }

    static Document parse(String xml) throws Exception {
        return builder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    static String toXml(Document doc) throws Exception {
        TransformerFactory tf = TransformerFactory.newInstance();
        tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
        Transformer t = tf.newTransformer();
        t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
        StringWriter out = new StringWriter();
        t.transform(new DOMSource(doc), new StreamResult(out));
        return out.toString();
    }

    // --- guest I/O -----------------------------------------------------------

    static String rfbBanner(String host, int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 5000);
            s.setSoTimeout(10_000);
            InputStream in = s.getInputStream();
            return new String(in.readNBytes(12), StandardCharsets.US_ASCII);
        }
    }

    static Path serialLogFile(String name) throws IOException {
        String logs = System.getenv("VDI_LOGS");
        if (logs != null && !logs.isBlank()) {
            Path dir = Files.createDirectories(Path.of(logs));
            return dir.resolve(name + ".serial.log");
        }
        tempDir = Files.createTempDirectory("vdi-it-");
        return tempDir.resolve(name + ".serial.log");
    }

    static void awaitInLog(Path log, String text, Duration timeout, String what) throws Exception {
        Instant end = Instant.now().plus(timeout);
        while (Instant.now().isBefore(end)) {
            if (Files.exists(log) && Files.readString(log, StandardCharsets.ISO_8859_1).contains(text)) {
                return;
            }
            Thread.sleep(200);
        }
        String tail = Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "(no log file)";
        if (tail.length() > 2000) {
            tail = tail.substring(tail.length() - 2000);
        }
        fail("no " + what + " (\"" + text + "\") in " + log + " within " + timeout.toSeconds() + " s; log ends with:\n"
                + tail);
    }

    /** Types text on the guest's keyboard, one key (with shift when needed) per send-key call. */
    static void type(Domain d, String text) throws LibvirtException, InterruptedException {
        for (char c : text.toCharArray()) {
            int[] keys = keys(c);
            assertNotNull(keys, "no key for '" + c + "'");
            d.sendKey(KeycodeSet.LINUX, 0, keys);
            Thread.sleep(10);
        }
    }

    // Linux input event codes (linux/input-event-codes.h), US layout.
    static final int KEY_LEFTSHIFT = 42;
    static final Map<Character, Integer> PLAIN = new HashMap<>();
    static final Map<Character, Character> SHIFTED = Map.of('>', '.', '<', ',', '_', '-', '|', '\\', ':', ';');

    static {
        String row1 = "1234567890-=";
        for (int i = 0; i < row1.length(); i++) {
            PLAIN.put(row1.charAt(i), 2 + i);
        }
        String[] letterRows = {"qwertyuiop", "asdfghjkl", "zxcvbnm"};
        int[] rowStart = {16, 30, 44};
        for (int r = 0; r < letterRows.length; r++) {
            for (int i = 0; i < letterRows[r].length(); i++) {
                PLAIN.put(letterRows[r].charAt(i), rowStart[r] + i);
            }
        }
        PLAIN.put(';', 39);
        PLAIN.put('\\', 43);
        PLAIN.put(',', 51);
        PLAIN.put('.', 52);
        PLAIN.put('/', 53);
        PLAIN.put(' ', 57);
        PLAIN.put('\n', 28);
    }

    static int[] keys(char c) {
        Integer plain = PLAIN.get(c);
        if (plain != null) {
            return new int[] {plain};
        }
        char lower = Character.toLowerCase(c);
        if (c != lower && PLAIN.containsKey(lower)) {
            return new int[] {KEY_LEFTSHIFT, PLAIN.get(lower)};
        }
        Character base = SHIFTED.get(c);
        return base == null ? null : new int[] {KEY_LEFTSHIFT, PLAIN.get(base)};
    }

    static Map<String, String> requiredEnv(String... names) {
        Map<String, String> values = new HashMap<>();
        List<String> missing = new ArrayList<>();
        for (String n : names) {
            String v = System.getenv(n);
            if (v == null || v.isBlank()) {
                missing.add(n);
            } else {
                values.put(n, v.trim());
            }
        }
        if (!missing.isEmpty()) {
            fail("environment variable(s) " + String.join(", ", missing) + " not set: this integration test needs"
                    + " the libvirt host set up by the vdi scripts (./vdi test sets them), e.g. VDI_LIBVIRT_URI="
                    + "qemu:///system VDI_STORAGE_POOL=vdit-storage VDI_GOLDEN_VOLUME=vdit-golden.qcow2"
                    + " VDI_VIRT_TYPE=qemu VDI_NAME_PREFIX=vdit");
        }
        return values;
    }
}
