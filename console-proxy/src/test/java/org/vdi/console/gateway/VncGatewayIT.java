package org.vdi.console.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.guacamole.io.GuacamoleWriter;
import org.apache.guacamole.net.InetGuacamoleSocket;
import org.apache.guacamole.protocol.ConfiguredGuacamoleSocket;
import org.apache.guacamole.protocol.GuacamoleInstruction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The gateway against QEMU's real VNC server: a linked clone of the golden image boots
 * as a libvirt domain with a VNC password; a Guacamole client connects through the
 * gateway, draws what it receives, and must end up with exactly the pixels of QEMU's
 * own screendump; keys typed through the gateway reach a shell in the guest.
 *
 * <p>Driven with virsh, as the libvirt host the vdi scripts set up (scripts/libvirt.sh);
 * settings come from the environment like LibvirtHostIT's: VDI_LIBVIRT_URI,
 * VDI_STORAGE_POOL, VDI_GOLDEN_VOLUME, VDI_VIRT_TYPE and VDI_NAME_PREFIX.
 */
class VncGatewayIT {

    static final String BROKER_NS = "https://vdi-broker.org/xmlns/libvirt/1";
    static final String READY_LINE = "VDI-GUEST-READY";
    static final String VNC_PASSWORD = "gw-" + UUID.randomUUID().toString().substring(0, 5);

    static Map<String, String> env;
    static String name;
    static String volume;
    static Path tempDir;
    static Path serialLog;
    static boolean defined;

    @BeforeAll
    static void bootDesktop() throws Exception {
        env = requiredEnv("VDI_LIBVIRT_URI", "VDI_STORAGE_POOL", "VDI_GOLDEN_VOLUME", "VDI_VIRT_TYPE",
                "VDI_NAME_PREFIX");
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        name = env.get("VDI_NAME_PREFIX") + "-gw-" + id;
        volume = name + ".qcow2";
        tempDir = Files.createTempDirectory("vdi-gw-it-");
        serialLog = tempDir.resolve(name + ".serial.log");
        String pool = env.get("VDI_STORAGE_POOL");
        virsh("pool-refresh", pool);
        String info = virsh("vol-info", "--bytes", "--pool", pool, env.get("VDI_GOLDEN_VOLUME"));
        String capacity = info.replaceAll("(?s).*Capacity:\\s+(\\d+).*", "$1");
        String goldenPath = virsh("vol-path", "--pool", pool, env.get("VDI_GOLDEN_VOLUME")).trim();
        Path volXml = write("vol.xml", "<volume type='file'><name>" + volume + "</name><capacity unit='bytes'>"
                + capacity + "</capacity><target><format type='qcow2'/></target><backingStore><path>"
                + goldenPath + "</path><format type='qcow2'/></backingStore></volume>");
        virsh("vol-create", pool, volXml.toString());
        Path domXml = write("dom.xml", "<domain type='" + env.get("VDI_VIRT_TYPE") + "'><name>" + name
                + "</name><metadata><vdi:desktop xmlns:vdi='" + BROKER_NS + "' pool='integration-test' desktop='"
                + name + "'/></metadata><memory unit='MiB'>256</memory><vcpu>1</vcpu>"
                + "<os><type arch='x86_64' machine='pc'>hvm</type><boot dev='hd'/></os><features><acpi/></features>"
                + "<devices><disk type='volume' device='disk'><driver name='qemu' type='qcow2'/>"
                + "<source pool='" + pool + "' volume='" + volume + "'/><target dev='vda' bus='virtio'/></disk>"
                + "<serial type='pty'><log file='" + serialLog + "' append='off'/><target port='0'/></serial>"
                + "<console type='pty'><target type='serial' port='0'/></console>"
                + "<graphics type='vnc' autoport='yes' passwd='" + VNC_PASSWORD + "'>"
                + "<listen type='address' address='127.0.0.1'/></graphics>"
                + "<video><model type='vga'/></video><controller type='usb' model='none'/>"
                + "<memballoon model='none'/></devices></domain>");
        virsh("define", domXml.toString());
        defined = true;
        virsh("start", name);
        awaitInLog(READY_LINE, Duration.ofSeconds(180));
    }

    @AfterAll
    static void cleanUp() throws Exception {
        List<String> problems = new ArrayList<>();
        if (defined) {
            run(problems, "destroy", name);
            run(problems, "undefine", name);
        }
        if (volume != null && env != null) {
            run(problems, "vol-delete", "--pool", env.get("VDI_STORAGE_POOL"), volume);
        }
        if (tempDir != null) {
            try (var files = Files.list(tempDir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(tempDir);
        }
        if (!problems.isEmpty() && problems.stream().anyMatch(p -> !p.startsWith("destroy"))) {
            fail("cleaning up left problems: " + problems);
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void browserSeesQemusPixelsAndTypesIntoTheGuest() throws Exception {
        String display = virsh("vncdisplay", name).trim(); // 127.0.0.1:N
        int port = 5900 + Integer.parseInt(display.substring(display.lastIndexOf(':') + 1));
        try (GuacdServer server = new GuacdServer(4, 1)) {
            server.start(0);
            // ZRLE (the default, QEMU takes it), then Hextile, then Raw: each must give QEMU's pixels
            for (String encodings : List.of("", "hextile copyrect", "raw")) {
                session(server, port, encodings, encodings.isEmpty());
            }
        }
    }

    private void session(GuacdServer server, int port, String encodings, boolean typeKeys) throws Exception {
        long t0 = System.nanoTime();
        org.apache.guacamole.protocol.GuacamoleConfiguration config = vncConfig(port);
        config.setParameter("encodings", encodings);
        ConfiguredGuacamoleSocket socket = new ConfiguredGuacamoleSocket(
                new InetGuacamoleSocket(server.host(), server.port()), config);
        GuacCanvas canvas = new GuacCanvas();
        GuacamoleWriter writer = socket.getWriter();
        AtomicReference<Throwable> readerFailure = new AtomicReference<>();
        Object lock = new Object();
        int[] frames = new int[1];
        String label = encodings.isEmpty() ? "default encodings" : encodings;
        Thread reader = new Thread(() -> {
            try {
                for (;;) {
                    GuacamoleInstruction i = socket.getReader().readInstruction();
                    if (i == null) {
                        return;
                    }
                    String ts;
                    synchronized (lock) {
                        if ("error".equals(i.getOpcode())) {
                            throw new IllegalStateException("gateway error: " + i.getArgs());
                        }
                        ts = canvas.apply(i);
                        if (ts != null && frames[0]++ == 0) {
                            System.out.printf("%s: first frame %dx%d after %d ms, %d bytes of PNG%n", label,
                                    canvas.screen.getWidth(), canvas.screen.getHeight(),
                                    (System.nanoTime() - t0) / 1_000_000, canvas.pngBytes);
                        }
                    }
                    if (ts != null) {
                        synchronized (writer) {
                            writer.writeInstruction(new GuacamoleInstruction("sync", ts));
                        }
                    }
                }
            } catch (Throwable e) {
                readerFailure.set(e);
            }
        }, "guac-test-client");
        reader.setDaemon(true);
        reader.start();
        try {
            assertPixelsMatchScreendump(label, canvas, lock, writer, readerFailure);
            if (typeKeys) {
                String marker = "MARK" + UUID.randomUUID().toString().substring(0, 6);
                type(writer, "echo " + marker + " > /dev/ttyS0\n");
                awaitInLog(marker, Duration.ofSeconds(60));
                System.out.printf("%s: typed %s through the gateway, seen on the serial port%n", label, marker);
            }
            System.out.printf("%s: %d frames, %d bytes of PNG in all%n", label, frames[0], canvas.pngBytes);
        } finally {
            socket.close();
        }
    }

    /** Polls QEMU's screendump until the client's canvas equals it (the text cursor blinks). */
    static void assertPixelsMatchScreendump(String label, GuacCanvas canvas, Object lock, GuacamoleWriter writer,
            AtomicReference<Throwable> readerFailure) throws Exception {
        Path ppm = tempDir.resolve("screen.img");
        Instant end = Instant.now().plusSeconds(60);
        String last = "no comparison made";
        int attempts = 0;
        while (Instant.now().isBefore(end)) {
            if (readerFailure.get() != null) {
                throw new AssertionError("client failed", readerFailure.get());
            }
            synchronized (writer) {
                writer.writeInstruction(new GuacamoleInstruction("nop"));
            }
            Thread.sleep(300);
            virsh("screenshot", name, ppm.toString());
            int[][] shot = readScreenshot(Files.readAllBytes(ppm));
            int w = shot[0][0];
            int h = shot[0][1];
            int[] expected = shot[1];
            int[] actual;
            int cw;
            int ch;
            synchronized (lock) {
                cw = canvas.screen.getWidth();
                ch = canvas.screen.getHeight();
                actual = canvas.pixels();
            }
            attempts++;
            if (cw != w || ch != h) {
                last = "canvas " + cw + "x" + ch + ", screendump " + w + "x" + h;
                continue;
            }
            int diff = 0;
            for (int i = 0; i < expected.length; i++) {
                if ((expected[i] | 0xFF000000) != actual[i]) {
                    diff++;
                }
            }
            long distinct = java.util.Arrays.stream(expected).distinct().count();
            if (diff == 0) {
                assertTrue(distinct > 1, "the guest's screen is blank: nothing to compare");
                System.out.printf("%s: canvas equals QEMU's %dx%d screendump (%d colours) pixel for pixel"
                        + " (attempt %d)%n", label, w, h, distinct, attempts);
                return;
            }
            last = diff + " of " + expected.length + " pixels differ";
        }
        fail("the client's canvas never matched the screendump: " + last);
    }

    /** Types through the gateway: X11 keysyms, with Shift_L around shifted characters, as a browser does. */
    static void type(GuacamoleWriter writer, String text) throws Exception {
        String shifted = "ABCDEFGHIJKLMNOPQRSTUVWXYZ>_|:\"<?!@#$%^&*()+{}~";
        for (char c : text.toCharArray()) {
            int keysym = c == '\n' ? 0xFF0D : c;
            boolean shift = shifted.indexOf(c) >= 0;
            synchronized (writer) {
                if (shift) {
                    writer.writeInstruction(new GuacamoleInstruction("key", "65505", "1"));
                }
                writer.writeInstruction(new GuacamoleInstruction("key", Integer.toString(keysym), "1"));
                writer.writeInstruction(new GuacamoleInstruction("key", Integer.toString(keysym), "0"));
                if (shift) {
                    writer.writeInstruction(new GuacamoleInstruction("key", "65505", "0"));
                }
            }
            Thread.sleep(30);
        }
    }

    /** virsh writes PNG or binary PPM (P6, maxval 255), by libvirt version: {{w, h}, argb}. */
    static int[][] readScreenshot(byte[] data) throws IOException {
        if (data.length > 4 && data[1] == 'P' && data[2] == 'N' && data[3] == 'G') {
            java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(data));
            int w = img.getWidth();
            int h = img.getHeight();
            return new int[][] {{w, h}, img.getRGB(0, 0, w, h, null, 0, w)};
        }
        int[] pos = {0};
        String magic = token(data, pos);
        assertEquals("P6", magic);
        int w = Integer.parseInt(token(data, pos));
        int h = Integer.parseInt(token(data, pos));
        assertEquals("255", token(data, pos));
        int p = pos[0] + 1;
        int[] argb = new int[w * h];
        for (int i = 0; i < argb.length; i++, p += 3) {
            argb[i] = 0xFF000000 | (data[p] & 0xFF) << 16 | (data[p + 1] & 0xFF) << 8 | (data[p + 2] & 0xFF);
        }
        return new int[][] {{w, h}, argb};
    }

    private static String token(byte[] d, int[] pos) {
        int p = pos[0];
        while (Character.isWhitespace(d[p]) || d[p] == '#') {
            if (d[p] == '#') {
                while (d[p] != '\n') {
                    p++;
                }
            }
            p++;
        }
        int start = p;
        while (!Character.isWhitespace(d[p])) {
            p++;
        }
        pos[0] = p;
        return new String(d, start, p - start, StandardCharsets.US_ASCII);
    }

    static org.apache.guacamole.protocol.GuacamoleConfiguration vncConfig(int port) {
        org.apache.guacamole.protocol.GuacamoleConfiguration c = HandshakeTest.vncConfig(port, VNC_PASSWORD);
        return c;
    }

    static void awaitInLog(String text, Duration timeout) throws Exception {
        Instant end = Instant.now().plus(timeout);
        while (Instant.now().isBefore(end)) {
            if (Files.exists(serialLog) && Files.readString(serialLog, StandardCharsets.ISO_8859_1).contains(text)) {
                return;
            }
            Thread.sleep(200);
        }
        String tail = Files.exists(serialLog) ? Files.readString(serialLog, StandardCharsets.ISO_8859_1) : "(none)";
        fail("no \"" + text + "\" in the serial log within " + timeout.toSeconds() + " s; it ends with:\n"
                + tail.substring(Math.max(0, tail.length() - 2000)));
    }

    static Path write(String file, String content) throws IOException {
        return Files.writeString(tempDir.resolve(file), content);
    }

    static String virsh(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("virsh", "-q", "-c", env.get("VDI_LIBVIRT_URI")));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = p.getInputStream()) {
            in.transferTo(out);
        }
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("virsh " + String.join(" ", args) + " timed out");
        }
        String text = out.toString(StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException("virsh " + String.join(" ", args) + " failed: " + text);
        }
        return text;
    }

    private static void run(List<String> problems, String... args) {
        try {
            virsh(args);
        } catch (Exception e) {
            problems.add(args[0] + ": " + e.getMessage());
        }
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
                    + " the libvirt host set up by the vdi scripts (./vdi test sets them)");
        }
        return values;
    }
}
