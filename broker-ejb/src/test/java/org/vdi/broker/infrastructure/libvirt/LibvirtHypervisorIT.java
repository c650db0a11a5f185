package org.vdi.broker.infrastructure.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.vdi.broker.domain.model.host.Host;
import org.vdi.broker.domain.model.host.VirtualizationType;
import org.vdi.broker.domain.model.hypervisor.ConsoleEndpoint;
import org.vdi.broker.domain.model.hypervisor.DomainSpec;
import org.vdi.broker.domain.model.hypervisor.HostProbe;
import org.vdi.broker.domain.model.hypervisor.Hypervisor.CloneMode;
import org.vdi.broker.domain.model.hypervisor.Hypervisor.PowerState;
import org.vdi.broker.domain.model.hypervisor.TaggedDomain;
import org.vdi.broker.domain.model.hypervisor.VolumeInfo;
import org.vdi.broker.domain.shared.BrokerException;
import org.vdi.broker.domain.shared.ErrorCode;

/**
 * The {@link LibvirtHypervisor} port against the real libvirtd: clones,
 * a desktop that boots to the golden image's ready line, its VNC console with
 * a password set through libvirt, lifecycle events, reconcile's view, and the
 * idempotence the port promises.
 *
 * <p>Needs a libvirtd on this machine (the serial log and the disks are read
 * as local files, the console is reached on 127.0.0.1) with the profile's
 * storage pool and golden volume, as scripts/libvirt.sh sets them up. Settings
 * come from the environment: VDI_LIBVIRT_URI, VDI_STORAGE_POOL,
 * VDI_GOLDEN_VOLUME, VDI_VIRT_TYPE (kvm|qemu) and VDI_NAME_PREFIX. Every
 * domain and volume it makes is named "$VDI_NAME_PREFIX-hv-&lt;random&gt;" and
 * removed at the end.
 */
class LibvirtHypervisorIT {

    static final String READY_LINE = "VDI-GUEST-READY";
    static final Duration BOOT_TIMEOUT = Duration.ofSeconds(120);
    static final Duration EVENT_TIMEOUT = Duration.ofSeconds(30);

    static String uri;
    static String golden;
    static String prefix;
    static VirtualizationType virtType;
    static Host host;
    static LibvirtEventLoop eventLoop;
    static LibvirtConnections connections;
    static LibvirtHypervisor hypervisor;
    static Path tempDir;

    /** What the tests made, removed in {@link #cleanUp()} whatever happened. */
    static final Set<String> domains = ConcurrentHashMap.newKeySet();
    static final Set<String> volumes = ConcurrentHashMap.newKeySet();
    /** Figures for the log at the end, e.g. "start ms". */
    static final Map<String, List<Long>> timings = new TreeMap<>();

    /** Every lifecycle event of a tagged domain the port passed on. */
    record Event(String host, String domain, UUID desktopId, PowerState state) {
    }

    static final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    static final List<Event> allEvents = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void setUp() throws IOException {
        uri = env("VDI_LIBVIRT_URI");
        String pool = env("VDI_STORAGE_POOL");
        golden = env("VDI_GOLDEN_VOLUME");
        prefix = env("VDI_NAME_PREFIX");
        virtType = VirtualizationType.parse(env("VDI_VIRT_TYPE"));
        eventLoop = new LibvirtEventLoop();
        connections = new LibvirtConnections();
        hypervisor = new LibvirtHypervisor(connections, eventLoop);
        host = new Host("hv-it", uri, pool, virtType, "127.0.0.1", 10, 4096);
        // The connection opens before the event loop thread runs, as it may in
        // a container where start-up beans run in no fixed order; events must
        // still arrive on it.
        HostProbe probe = hypervisor.probe(host);
        assertTrue(probe.usable(), "host not usable: " + probe.reason());
        assertEquals(ErrorCode.HYPERVISOR_ERROR, assertThrows(BrokerException.class,
                () -> hypervisor.subscribe(host, (h, d, id, state) -> { })).code(), "subscribe without event loop");
        eventLoop.start(Thread::new);
        tempDir = Files.createTempDirectory("vdi-hv-it-");
        hypervisor.subscribe(host, (h, d, id, state) -> {
            Event e = new Event(h, d, id, state);
            allEvents.add(e);
            events.add(e);
        });
    }

    @AfterAll
    static void cleanUp() throws IOException {
        if (connections == null) {
            return; // set-up failed before anything was made
        }
        List<String> problems = new ArrayList<>();
        try {
            Connect c = connections.connect(uri);
            for (String name : domains) {
                removeDomain(c, name, problems);
            }
            for (String v : volumes) {
                try {
                    hypervisor.deleteVolume(host, v);
                } catch (RuntimeException e) {
                    problems.add("delete volume " + v + ": " + e.getMessage());
                }
            }
        } finally {
            connections.closeAll();
            eventLoop.stop();
            if (tempDir != null) {
                try (Stream<Path> files = Files.walk(tempDir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            System.out.println("[LibvirtHypervisorIT] timings (ms): " + timings);
        }
        if (!problems.isEmpty()) {
            fail("cleaning up left problems: " + problems);
        }
    }

    /** Raw libvirt, so a foreign (untagged) domain goes too. */
    static void removeDomain(Connect c, String name, List<String> problems) {
        try {
            Domain d = c.domainLookupByName(name);
            if (d.isActive() == 1) {
                d.destroy();
            }
            d.undefine(Domain.UndefineFlags.MANAGED_SAVE | Domain.UndefineFlags.SNAPSHOTS_METADATA);
        } catch (LibvirtException e) {
            if (!LibvirtErrors.isNoSuch(e)) {
                problems.add("remove domain " + name + ": " + LibvirtErrors.message(e));
            }
        }
    }

    // --- volumes ---------------------------------------------------------------

    @Test
    void linkedCloneIsAQcow2OverlayOnTheGoldenImage() throws Exception {
        VolumeInfo goldenInfo = hypervisor.volume(host, golden)
                .orElseThrow(() -> new AssertionError("golden volume " + golden + " is not in the pool"));
        String disk = newName() + ".qcow2";
        volumes.add(disk);

        VolumeInfo clone = timed("linked clone ms", () -> hypervisor.createDisk(host, golden, disk, CloneMode.LINKED));
        assertEquals(disk, clone.name());
        assertEquals("qcow2", clone.format());
        assertEquals(goldenInfo.path(), clone.backingPath());
        assertEquals(goldenInfo.capacityBytes(), clone.capacityBytes());
        Map<String, String> info = qemuImgInfo(clone.path());
        assertEquals("qcow2", info.get("format"));
        assertEquals(goldenInfo.path(), info.get("backing-filename"));
        assertEquals(goldenInfo.format(), info.get("backing-filename-format"), "backing format stated, not probed");

        assertEquals(Optional.of(clone), hypervisor.volume(host, disk));
        assertTrue(hypervisor.listVolumes(host).stream().anyMatch(v -> v.name().equals(disk)));

        hypervisor.deleteVolume(host, disk);
        assertTrue(hypervisor.volume(host, disk).isEmpty());
        hypervisor.deleteVolume(host, disk); // already gone: nothing happens
    }

    @Test
    void fullCopyHasNoBackingStore() throws Exception {
        VolumeInfo goldenInfo = hypervisor.volume(host, golden).orElseThrow();
        String disk = newName() + ".qcow2";
        volumes.add(disk);

        VolumeInfo copy = timed("full copy ms", () -> hypervisor.createDisk(host, golden, disk, CloneMode.FULL));
        assertEquals("qcow2", copy.format());
        assertNull(copy.backingPath());
        assertEquals(goldenInfo.capacityBytes(), copy.capacityBytes());
        Map<String, String> info = qemuImgInfo(copy.path());
        assertEquals("qcow2", info.get("format"));
        assertNull(info.get("backing-filename"));
        hypervisor.deleteVolume(host, disk);
    }

    @Test
    void refusesBadVolumeRequests() {
        String disk = newName() + ".qcow2";
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(BrokerException.class,
                () -> hypervisor.createDisk(host, "no-such-golden.qcow2", disk, CloneMode.LINKED)).code());
        assertEquals(ErrorCode.INVALID_NAME, assertThrows(BrokerException.class,
                () -> hypervisor.createDisk(host, golden, "../" + disk, CloneMode.LINKED)).code());
        assertEquals(ErrorCode.INVALID_INPUT, assertThrows(BrokerException.class,
                () -> hypervisor.createDisk(host, golden, golden, CloneMode.LINKED)).code());
        assertTrue(hypervisor.volume(host, disk).isEmpty());
    }

    // --- a desktop's life ----------------------------------------------------------

    @Test
    void desktopBootsOpensItsConsoleAndStops() throws Exception {
        String name = newName();
        String disk = name + ".qcow2";
        UUID desktopId = UUID.randomUUID();
        Path serialLog = tempDir.resolve(name + ".serial.log");
        volumes.add(disk);
        domains.add(name);

        VolumeInfo first = hypervisor.createDisk(host, golden, disk, CloneMode.LINKED);
        DomainSpec spec = new DomainSpec(name, desktopId, UUID.randomUUID(), virtType, 256, 1, disk, true, true,
                true, "127.0.0.1", serialLog.toString());
        timed("define ms", () -> {
            hypervisor.define(host, spec);
            return null;
        });
        assertEquals(PowerState.SHUTOFF, hypervisor.powerState(host, name));
        hypervisor.define(host, spec); // again: updates the definition, no error

        bootToReady(name, desktopId, serialLog);
        hypervisor.start(host, name); // already running: nothing happens
        assertEquals(PowerState.RUNNING, hypervisor.powerState(host, name));

        // VNC: a password set through libvirt, with an expiry, that the display then asks for.
        String password = "pw" + name.substring(name.length() - 6);
        ConsoleEndpoint vnc = timed("open console ms", () -> hypervisor.openConsole(host, name, "vnc", password,
                Instant.now().plus(Duration.ofMinutes(2))));
        assertEquals("vnc", vnc.protocol());
        assertEquals("127.0.0.1", vnc.host());
        assertTrue(vnc.port() >= 5900, "VNC port " + vnc.port());
        assertEquals(password, vnc.password());
        assertEquals(0, Vnc.authenticate(vnc.host(), vnc.port(), password), "VNC accepts the new password");
        assertNotEquals(0, Vnc.authenticate(vnc.host(), vnc.port(), "wrong123"), "VNC refuses another password");
        ConsoleEndpoint shortLived = hypervisor.openConsole(host, name, "vnc", password,
                Instant.now().plusSeconds(2));
        Thread.sleep(3_500);
        assertNotEquals(0, Vnc.authenticate(shortLived.host(), shortLived.port(), password),
                "VNC refuses a password past its expiry");

        // SPICE (and with it the qemu-vdagent clipboard channel) was accepted and listens.
        ConsoleEndpoint spice = hypervisor.openConsole(host, name, "spice", "spice-" + password,
                Instant.now().plus(Duration.ofMinutes(2)));
        assertTrue(spice.port() >= 5900 && spice.port() != vnc.port(), "SPICE port " + spice.port());
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(spice.host(), spice.port()), 5_000);
        }
        assertThrows(BrokerException.class, () -> hypervisor.openConsole(host, name, "vnc", "longer-than-8",
                Instant.now().plusSeconds(60)));

        // Shutdown: the test guest has no ACPI daemon, so the timeout runs out and it is powered off.
        long t0 = System.nanoTime();
        hypervisor.shutdown(host, name, Duration.ofSeconds(3));
        long shutdownMs = (System.nanoTime() - t0) / 1_000_000;
        record("shutdown(3 s) ms", shutdownMs);
        assertTrue(shutdownMs < 13_000, "shutdown honours its timeout: " + shutdownMs + " ms");
        assertEquals(PowerState.SHUTOFF, hypervisor.powerState(host, name));
        awaitEvent(desktopId, PowerState.SHUTOFF);
        hypervisor.shutdown(host, name, Duration.ofSeconds(3)); // not running: returns at once
        hypervisor.destroy(host, name);

        // Refresh: a new overlay over the old disk, then the desktop boots again. The
        // connection is reopened first, so events must follow onto the new one.
        // The desktop's own writes (here: 1 MiB of 0x5a at the start) are gone afterwards.
        qemuIo(first.path(), "write -P 0x5a 0 1M");
        assertTrue(qemuIo(first.path(), "read -P 0x5a 0 1M").contains("read 1048576/1048576"));
        VolumeInfo refreshed = timed("refresh (linked) ms",
                () -> hypervisor.createDisk(host, golden, disk, CloneMode.LINKED));
        assertEquals(first.path(), refreshed.path());
        assertEquals(first.backingPath(), refreshed.backingPath());
        assertTrue(qemuIo(refreshed.path(), "read -P 0x5a 0 1M").contains("Pattern verification failed"),
                "the refreshed disk no longer holds the desktop's writes");
        connections.forget(uri);
        connections.connect(uri);
        events.clear();
        bootToReady(name, desktopId, serialLog);

        timed("destroy ms", () -> {
            hypervisor.destroy(host, name);
            return null;
        });
        assertEquals(PowerState.SHUTOFF, hypervisor.powerState(host, name));
        awaitEvent(desktopId, PowerState.SHUTOFF);
        hypervisor.destroy(host, name);

        hypervisor.undefine(host, name);
        assertEquals(PowerState.MISSING, hypervisor.powerState(host, name));
        awaitEvent(desktopId, PowerState.MISSING);
        hypervisor.undefine(host, name);
        hypervisor.deleteVolume(host, disk);
        hypervisor.deleteVolume(host, disk);
        assertTrue(hypervisor.volume(host, disk).isEmpty());
    }

    private static void bootToReady(String name, UUID desktopId, Path serialLog) throws Exception {
        long t0 = System.nanoTime();
        hypervisor.start(host, name);
        record("start ms", (System.nanoTime() - t0) / 1_000_000);
        awaitEvent(desktopId, PowerState.RUNNING);
        awaitInLog(serialLog, READY_LINE, BOOT_TIMEOUT, name);
        record("start to " + READY_LINE + " ms", (System.nanoTime() - t0) / 1_000_000);
    }

    // --- reconcile's view ------------------------------------------------------------

    @Test
    void listTaggedSeesDesktopsButNeverForeignDomains() throws Exception {
        String name = newName();
        String disk = name + ".qcow2";
        String foreign = newName() + "-foreign";
        UUID desktopId = UUID.randomUUID();
        UUID poolId = UUID.randomUUID();
        volumes.add(disk);
        domains.add(name);
        domains.add(foreign);

        hypervisor.createDisk(host, golden, disk, CloneMode.LINKED);
        hypervisor.define(host, new DomainSpec(name, desktopId, poolId, virtType, 128, 1, disk, true, false, false,
                "127.0.0.1", null));
        // A domain somebody else defined on the same host: no broker metadata.
        connections.connect(uri).domainDefineXML(foreignDomainXml(foreign));

        List<TaggedDomain> tagged = hypervisor.listTagged(host);
        assertTrue(tagged.contains(new TaggedDomain(name, desktopId, poolId, PowerState.SHUTOFF)), tagged.toString());
        assertFalse(tagged.stream().anyMatch(t -> t.name().equals(foreign)), "foreign domain listed: " + tagged);
        awaitEvent(desktopId, PowerState.SHUTOFF); // its definition was reported, the foreign one's never

        // The port never redefines or undefines a domain that is not the broker's.
        assertEquals(ErrorCode.CONFLICT, assertThrows(BrokerException.class, () -> hypervisor.undefine(host, foreign))
                .code());
        assertEquals(ErrorCode.CONFLICT, assertThrows(BrokerException.class, () -> hypervisor.define(host,
                new DomainSpec(foreign, UUID.randomUUID(), poolId, virtType, 128, 1, disk, true, false, false,
                        "127.0.0.1", null))).code());
        assertEquals(PowerState.SHUTOFF, hypervisor.powerState(host, foreign));
        Thread.sleep(300);
        assertTrue(allEvents.stream().noneMatch(e -> e.domain().equals(foreign)), "events of a foreign domain");

        List<String> problems = new ArrayList<>();
        removeDomain(connections.connect(uri), foreign, problems);
        assertEquals(List.of(), problems);
        hypervisor.undefine(host, name);
        hypervisor.deleteVolume(host, disk);
        assertFalse(hypervisor.listTagged(host).stream().anyMatch(t -> t.name().equals(name)));
    }

    @Test
    void missingDomainsAreAnAnswerNotAnError() {
        String name = newName();
        assertEquals(PowerState.MISSING, hypervisor.powerState(host, name));
        hypervisor.shutdown(host, name, Duration.ofSeconds(1));
        hypervisor.destroy(host, name);
        hypervisor.undefine(host, name);
        hypervisor.deleteVolume(host, name + ".qcow2");
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(BrokerException.class, () -> hypervisor.start(host, name))
                .code());
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(BrokerException.class,
                () -> hypervisor.openConsole(host, name, "vnc", "secret", Instant.now().plusSeconds(60))).code());
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(BrokerException.class, () -> hypervisor.define(host,
                new DomainSpec(name, UUID.randomUUID(), UUID.randomUUID(), virtType, 128, 1, name + ".qcow2", true,
                        false, false, "127.0.0.1", null))).code());
    }

    /** A bare domain as another tool would define it: no broker metadata, no devices. */
    static String foreignDomainXml(String name) {
        org.w3c.dom.Document doc = XmlDocuments.newDocument();
        org.w3c.dom.Element domain = XmlDocuments.root(doc, "domain");
        domain.setAttribute("type", virtType.domainType());
        XmlDocuments.child(domain, "name", name);
        XmlDocuments.child(domain, "memory", "64").setAttribute("unit", "MiB");
        XmlDocuments.child(XmlDocuments.child(domain, "os"), "type", "hvm").setAttribute("arch", "x86_64");
        return XmlDocuments.serialize(doc);
    }

    // --- helpers ---------------------------------------------------------------------

    static String env(String name) {
        String v = System.getenv(name);
        if (v == null || v.isBlank()) {
            fail("environment variable " + name + " is not set. This test needs the libvirt host the vdi scripts"
                    + " set up (source scripts/lib/common.sh and scripts/libvirt.sh, then libvirt_start,"
                    + " libvirt_storage_ensure, libvirt_golden_ensure) and VDI_LIBVIRT_URI, VDI_STORAGE_POOL,"
                    + " VDI_GOLDEN_VOLUME, VDI_VIRT_TYPE (kvm|qemu) and VDI_NAME_PREFIX in the environment");
        }
        return v.trim();
    }

    static String newName() {
        return prefix + "-hv-" + UUID.randomUUID().toString().substring(0, 8);
    }

    interface Step<T> {
        T run() throws Exception;
    }

    static <T> T timed(String what, Step<T> step) throws Exception {
        long t0 = System.nanoTime();
        T result = step.run();
        record(what, (System.nanoTime() - t0) / 1_000_000);
        return result;
    }

    static synchronized void record(String what, long ms) {
        timings.computeIfAbsent(what, k -> new ArrayList<>()).add(ms);
    }

    static void awaitEvent(UUID desktopId, PowerState state) throws InterruptedException {
        long end = System.nanoTime() + EVENT_TIMEOUT.toNanos();
        List<Event> seen = new ArrayList<>();
        while (System.nanoTime() < end) {
            Event e = events.poll(200, TimeUnit.MILLISECONDS);
            if (e == null) {
                continue;
            }
            seen.add(e);
            if (e.desktopId().equals(desktopId) && e.state() == state) {
                assertEquals(host.name(), e.host());
                return;
            }
        }
        fail("no " + state + " event for desktop " + desktopId + " within " + EVENT_TIMEOUT.toSeconds()
                + " s; saw " + seen);
    }

    /** Waits for the text in the domain's serial log; fails early when the domain stops meanwhile. */
    static void awaitInLog(Path log, String text, Duration timeout, String domain) throws Exception {
        Instant end = Instant.now().plus(timeout);
        for (int i = 0; Instant.now().isBefore(end); i++) {
            if (Files.exists(log) && Files.readString(log, StandardCharsets.ISO_8859_1).contains(text)) {
                return;
            }
            if (i % 10 == 9 && hypervisor.powerState(host, domain) != PowerState.RUNNING) {
                fail("domain " + domain + " stopped before \"" + text + "\" (not by this test: does another broker"
                        + " or cleanup share this libvirtd?)");
            }
            Thread.sleep(100);
        }
        String tail = Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "(no log file)";
        fail("no \"" + text + "\" in " + log + " within " + timeout.toSeconds() + " s; log ends with:\n"
                + tail.substring(Math.max(0, tail.length() - 2000)));
    }

    /** qemu-img's view of an image: format, backing-filename, backing-filename-format. */
    static Map<String, String> qemuImgInfo(String path) throws Exception {
        Process p = new ProcessBuilder("qemu-img", "info", "-U", "--output=json", path).redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "qemu-img info failed: " + out);
        Map<String, String> values = new TreeMap<>();
        // Top-level keys only: the first occurrence of each comes before the nested backing image.
        Matcher m = Pattern.compile("\"(format|backing-filename|backing-filename-format)\":\\s*\"([^\"]*)\"")
                .matcher(out);
        while (m.find()) {
            values.putIfAbsent(m.group(1), m.group(2));
        }
        return values;
    }

    /** Runs one qemu-io command on a qcow2 image that no running domain uses; its output. */
    static String qemuIo(String path, String command) throws Exception {
        Process p = new ProcessBuilder("qemu-io", "-f", "qcow2", "-c", command, path).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "qemu-io hangs");
        return out;
    }

    /** Just enough of RFB 3.8 to prove a VNC password: the banner, then VNC authentication. */
    static final class Vnc {

        private Vnc() {
        }

        /** The server's SecurityResult: 0 when the password was accepted. */
        static int authenticate(String host, int port, String password) throws Exception {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 5_000);
                s.setSoTimeout(10_000);
                DataInputStream in = new DataInputStream(s.getInputStream());
                OutputStream out = s.getOutputStream();
                byte[] banner = in.readNBytes(12);
                assertEquals("RFB 003.008\n", new String(banner, StandardCharsets.US_ASCII));
                out.write(banner);
                int count = in.readUnsignedByte();
                if (count == 0) {
                    fail("VNC server refused the connection: " + reason(in));
                }
                byte[] types = in.readNBytes(count);
                boolean vncAuth = false;
                for (byte t : types) {
                    vncAuth |= t == 2;
                }
                assertTrue(vncAuth, "the display asks for VNC authentication");
                out.write(2);
                byte[] challenge = in.readNBytes(16);
                out.write(des(challenge, password));
                out.flush();
                return in.readInt();
            }
        }

        private static String reason(DataInputStream in) throws IOException {
            return new String(in.readNBytes(in.readInt()), StandardCharsets.UTF_8);
        }

        /** VNC's DES: the password (8 bytes, zero padded) with each byte's bits reversed is the key. */
        private static byte[] des(byte[] challenge, String password) throws Exception {
            byte[] key = new byte[8];
            byte[] pw = password.getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 8 && i < pw.length; i++) {
                key[i] = (byte) (Integer.reverse(pw[i] & 0xff) >>> 24);
            }
            Cipher des = Cipher.getInstance("DES/ECB/NoPadding");
            des.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "DES"));
            return des.doFinal(challenge);
        }
    }
}
