package org.vdi.console.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.guacamole.io.GuacamoleWriter;
import org.apache.guacamole.net.InetGuacamoleSocket;
import org.apache.guacamole.protocol.ConfiguredGuacamoleSocket;
import org.apache.guacamole.protocol.GuacamoleInstruction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Clipboard both ways through the gateway, against a VNC server that really carries
 * cut text: x11vnc on an Xvfb display. QEMU's own VNC server only passes cut text on
 * through a vdagent channel that the busybox test guest cannot consume, so this is
 * where the gateway's clipboard is proven end to end. In {@code ./vdi test}'s guacd
 * round ({@code VDI_CONSOLE_UPSTREAM=guacd}) the same tests run against the real guacd
 * instead (see {@link GuacdUnderTest}), so both paths keep the same behaviour.
 *
 * <p>x11vnc's defaults are what a desktop needs: text a viewer sends sets both PRIMARY
 * and CLIPBOARD, and changes of either are sent back to viewers (see {@code -nosel},
 * {@code -noclipboard}, {@code -nosetclipboard} in its manual, none used here). The
 * X side is read and written with xclip on the CLIPBOARD selection.
 *
 * <p>RFB cut text is ISO 8859-1. ICCCM's STRING target is ISO 8859-1 as well, so the
 * X side here speaks Latin-1 bytes: xclip serves whatever bytes it is given under
 * every target, and x11vnc asks for STRING.
 *
 * <p>Needs the Debian packages xvfb, x11vnc and xclip (./vdi test installs them).
 */
class ClipboardX11vncIT {

    static final Duration WAIT = Duration.ofSeconds(20);

    static Path tempDir;
    static Process xvfb;
    static Process x11vnc;
    static String display;
    static int vncPort;
    static String password;
    static GuacdUnderTest gateway;
    static final List<Process> xclips = new ArrayList<>();

    ConfiguredGuacamoleSocket socket;
    GuacamoleWriter writer;
    Thread reader;
    java.util.Timer keepAlive;
    final BlockingQueue<String> clipboards = new LinkedBlockingQueue<>();
    final AtomicReference<Throwable> readerFailure = new AtomicReference<>();

    @BeforeAll
    static void startDisplayAndVncServer() throws Exception {
        for (String tool : List.of("Xvfb", "x11vnc", "xclip")) {
            if (!onPath(tool)) {
                fail(tool + " is not installed: this integration test needs the Debian packages xvfb, x11vnc"
                        + " and xclip (./vdi test installs them)");
            }
        }
        tempDir = Files.createTempDirectory("vdi-clip-it-");
        // -displayfd: Xvfb picks a free display number itself and writes it to stdout
        xvfb = new ProcessBuilder("Xvfb", "-displayfd", "1", "-screen", "0", "320x240x24", "-nolisten", "tcp")
                .redirectError(tempDir.resolve("xvfb.log").toFile()).start();
        display = ":" + firstLine(xvfb.getInputStream(), WAIT, "Xvfb did not report its display").trim();

        password = "c" + UUID.randomUUID().toString().replace("-", "").substring(0, 7);
        Path passwdFile = tempDir.resolve("passwd");
        Files.createFile(passwdFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(passwdFile, password + "\n");
        vncPort = freePort();
        Path vncLog = tempDir.resolve("x11vnc.log");
        ProcessBuilder vnc = new ProcessBuilder("x11vnc", "-display", display, "-rfbport", Integer.toString(vncPort),
                "-localhost", "-passwdfile", "rm:" + passwdFile, "-forever", "-shared", "-nocursor",
                "-noxdamage", "-debug_sel", "-o", vncLog.toString())
                .redirectErrorStream(true).redirectOutput(tempDir.resolve("x11vnc.out").toFile());
        // x11vnc creates the window that owns selections only once it believes a display
        // manager's greeter is gone: 45 s after the first client when no window manager runs
        // (xevents.c, guess_dm_gone). Until then cut text from viewers sets no selection.
        // Its X11VNC_AVOID_WINDOWS=never skips that wait; a desktop session has a window
        // manager and sees 8 s at most.
        vnc.environment().put("X11VNC_AVOID_WINDOWS", "never");
        x11vnc = vnc.start();
        awaitListening(vncPort, vncLog);

        gateway = GuacdUnderTest.start();
        System.out.printf("Xvfb on %s, x11vnc on 127.0.0.1:%d, %s%n", display, vncPort, gateway);
    }

    @AfterAll
    static void stopAll() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        synchronized (xclips) {
            xclips.forEach(ClipboardX11vncIT::stop);
        }
        stop(x11vnc);
        stop(xvfb);
        if (tempDir != null) {
            try (var files = Files.list(tempDir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(tempDir);
        }
    }

    @BeforeEach
    void connect() throws Exception {
        org.apache.guacamole.protocol.GuacamoleConfiguration config = HandshakeTest.vncConfig(vncPort, password);
        socket = new ConfiguredGuacamoleSocket(new InetGuacamoleSocket(gateway.host(), gateway.port()), config);
        writer = socket.getWriter();
        reader = new Thread(this::readFromGateway, "clipboard-it-client");
        reader.setDaemon(true);
        reader.start();
        // a browser sends nop every 5 s; the gateway drops a client silent for 15 s
        keepAlive = new java.util.Timer("clipboard-it-nop", true);
        keepAlive.schedule(new java.util.TimerTask() {
            @Override
            public void run() {
                try {
                    synchronized (writer) {
                        writer.writeInstruction(new GuacamoleInstruction("nop"));
                    }
                } catch (Exception e) {
                    cancel();
                }
            }
        }, 2000, 2000);
    }

    @AfterEach
    void disconnect() throws Exception {
        keepAlive.cancel();
        socket.close();
        reader.join(5000);
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void textFromTheBrowserReachesTheXClipboard() throws Exception {
        String marker = "to-x-" + UUID.randomUUID();
        awaitFirstFrame();
        sendClipboard(marker + " caf\u00e9");
        awaitXClipboard((marker + " caf\u00e9").getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void textOutsideLatin1BecomesQuestionMarksAndTheSessionGoesOn() throws Exception {
        String marker = "snow-" + UUID.randomUUID();
        awaitFirstFrame();
        sendClipboard(marker + " \u2603\uD83D\uDE00!");
        // one replacement per character: the snowman and the emoji (a surrogate pair) each become '?'
        awaitXClipboard((marker + " ??!").getBytes(StandardCharsets.ISO_8859_1));
        // the session still carries clipboard text afterwards
        String next = "after-" + UUID.randomUUID();
        sendClipboard(next);
        awaitXClipboard(next.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void textCopiedOnTheXSideReachesTheBrowser() throws Exception {
        awaitFirstFrame();
        String marker = "from-x-" + UUID.randomUUID();
        String text = marker + " na\u00efve \u00a9";
        setXClipboard(text.getBytes(StandardCharsets.ISO_8859_1));
        // x11vnc sends selections to viewers only 15 s after the last viewer connected
        // (sel_waittime in its xevents.c, not configurable), so this direction waits longer
        Duration wait = WAIT.plusSeconds(25);
        Instant end = Instant.now().plus(wait);
        List<String> seen = new ArrayList<>();
        while (Instant.now().isBefore(end)) {
            failIfReaderFailed();
            String got = clipboards.poll(200, TimeUnit.MILLISECONDS);
            if (got == null) {
                continue;
            }
            if (got.equals(text)) {
                return;
            }
            seen.add(got);
        }
        fail("no Guacamole clipboard stream with \"" + text + "\" within " + wait.toSeconds() + " s; streams seen: "
                + seen + "; x11vnc's log ends with: " + tail(tempDir.resolve("x11vnc.log")));
    }

    /** A clipboard stream as guacamole-common-js sends it: clipboard, blob(s), end. */
    private void sendClipboard(String text) throws Exception {
        String stream = "7";
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        synchronized (writer) {
            writer.writeInstruction(new GuacamoleInstruction("clipboard", stream, "text/plain"));
            // two blobs, split inside a multi-byte character, as a browser's chunking may do
            int half = utf8.length / 2 + 1;
            writer.writeInstruction(new GuacamoleInstruction("blob", stream,
                    Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(utf8, 0, half))));
            writer.writeInstruction(new GuacamoleInstruction("blob", stream,
                    Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(utf8, half, utf8.length))));
            writer.writeInstruction(new GuacamoleInstruction("end", stream));
        }
    }

    private void awaitXClipboard(byte[] expected) throws Exception {
        Instant end = Instant.now().plus(WAIT);
        byte[] last = null;
        while (Instant.now().isBefore(end)) {
            failIfReaderFailed();
            last = xclipOut();
            if (java.util.Arrays.equals(expected, last)) {
                assertArrayEquals(expected, last);
                return;
            }
            Thread.sleep(200);
        }
        fail("the X clipboard never held \"" + new String(expected, StandardCharsets.ISO_8859_1) + "\"; last read: "
                + (last == null ? "nothing" : java.util.HexFormat.of().formatHex(last))
                + "; xclip said: " + tail(tempDir.resolve("xclip.err"))
                + "; x11vnc's log ends with: " + tail(tempDir.resolve("x11vnc.log")));
    }

    /** The CLIPBOARD selection as STRING (ISO 8859-1), or null when nobody owns it yet. */
    private static byte[] xclipOut() throws Exception {
        Process p = xclip("-o", "-target", "STRING").redirectError(tempDir.resolve("xclip.err").toFile()).start();
        byte[] out;
        try (InputStream in = p.getInputStream()) {
            out = in.readAllBytes();
        }
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("xclip -o did not finish");
        }
        return p.exitValue() == 0 ? out : null;
    }

    /** xclip -i stays in the background owning the selection until someone else takes it. */
    private static void setXClipboard(byte[] text) throws Exception {
        Process p = xclip("-i").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        synchronized (xclips) {
            xclips.add(p);
        }
        try (var in = p.getOutputStream()) {
            in.write(text);
        }
    }

    private static ProcessBuilder xclip(String... args) {
        List<String> cmd = new ArrayList<>(List.of("xclip", "-selection", "clipboard"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("DISPLAY", display);
        return pb;
    }

    /** Acks every frame (the gateway waits for that) and collects clipboard streams. */
    private void readFromGateway() {
        String stream = null;
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        try {
            for (;;) {
                GuacamoleInstruction i = socket.getReader().readInstruction();
                if (i == null) {
                    return;
                }
                List<String> a = i.getArgs();
                switch (i.getOpcode()) {
                    case "error" -> throw new IllegalStateException(gateway + ": error " + a);
                    case "sync" -> {
                        frames.countDown();
                        synchronized (writer) {
                            writer.writeInstruction(new GuacamoleInstruction("sync", a.get(0)));
                        }
                    }
                    case "clipboard" -> {
                        assertEquals("text/plain", a.get(1));
                        stream = a.get(0);
                        text.reset();
                    }
                    case "blob" -> {
                        if (a.get(0).equals(stream)) {
                            text.writeBytes(Base64.getDecoder().decode(a.get(1)));
                        }
                    }
                    case "end" -> {
                        if (a.get(0).equals(stream)) {
                            clipboards.add(text.toString(StandardCharsets.UTF_8));
                            stream = null;
                        }
                    }
                    default -> {
                        // drawing: not looked at here
                    }
                }
            }
        } catch (Throwable e) {
            if (!socket.isOpen()) {
                return; // closed by the test
            }
            readerFailure.set(e);
        }
    }

    private final java.util.concurrent.CountDownLatch frames = new java.util.concurrent.CountDownLatch(1);

    /**
     * The session is up once the first frame arrived (the VNC connection is authenticated
     * and running) and x11vnc has its selection window: it creates that window a few
     * seconds after its first viewer, and cut text received before it sets no selection.
     */
    private void awaitFirstFrame() throws Exception {
        Instant end = Instant.now().plus(WAIT);
        while (!frames.await(200, TimeUnit.MILLISECONDS)) {
            failIfReaderFailed();
            if (Instant.now().isAfter(end)) {
                fail("no frame from " + gateway + " within " + WAIT.toSeconds() + " s");
            }
        }
        Path log = tempDir.resolve("x11vnc.log");
        while (!Files.readString(log, StandardCharsets.ISO_8859_1).contains("created selwin")) {
            failIfReaderFailed();
            if (Instant.now().isAfter(end)) {
                fail("x11vnc created no selection window within " + WAIT.toSeconds() + " s: " + tail(log));
            }
            Thread.sleep(100);
        }
    }

    private void failIfReaderFailed() {
        Throwable t = readerFailure.get();
        if (t != null) {
            throw new AssertionError("the Guacamole client side failed", t);
        }
    }

    private static String firstLine(InputStream in, Duration timeout, String what) throws Exception {
        AtomicReference<String> line = new AtomicReference<>();
        Thread t = new Thread(() -> {
            StringBuilder sb = new StringBuilder();
            try {
                int c;
                while ((c = in.read()) >= 0 && c != '\n') {
                    sb.append((char) c);
                }
                line.set(sb.toString());
            } catch (IOException e) {
                line.set(null);
            }
        });
        t.setDaemon(true);
        t.start();
        t.join(timeout.toMillis());
        String s = line.get();
        if (s == null || s.isBlank()) {
            fail(what + " within " + timeout.toSeconds() + " s");
        }
        return s;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void awaitListening(int port, Path log) throws Exception {
        Instant end = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(end)) {
            if (!x11vnc.isAlive()) {
                fail("x11vnc exited: " + tail(log));
            }
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                byte[] version = s.getInputStream().readNBytes(12);
                assertTrue(new String(version, StandardCharsets.US_ASCII).startsWith("RFB "), "an RFB server");
                return;
            } catch (IOException e) {
                Thread.sleep(200);
            }
        }
        fail("x11vnc did not listen on port " + port + " within " + WAIT.toSeconds() + " s: " + tail(log));
    }

    private static String tail(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "(no log)";
        }
        String s = Files.readString(log, StandardCharsets.ISO_8859_1);
        return s.substring(Math.max(0, s.length() - 6000));
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private static void stop(Process p) {
        if (p == null || !p.isAlive()) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
