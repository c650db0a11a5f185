package org.vdi.console.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.vdi.console.gateway.GuacdServer;

/**
 * Console benchmark, run by {@code ./vdi bench console} against a desktop that
 * bench/console.sh has booted: the built-in gateway (Guacamole protocol) side by side
 * with a real guacd (the same Guacamole client) and with websockify and a noVNC-like
 * RFB client, on the same QEMU VNC display.
 *
 * <ul>
 * <li>Time to first frame: from opening the TCP connection until the first complete
 * frame (Guacamole: the first {@code sync} after images covering the screen; RFB: the
 * first FramebufferUpdate that completes covering it), over N connects per path,
 * alternating, after two warm-up connects per path that are not counted.</li>
 * <li>A screen workload typed into the guest's shell (text scrolling as fast as the
 * guest prints), measured through both paths at the same time: frames ({@code sync}
 * vs FramebufferUpdate), bytes received on each client's socket, and the proxy's CPU
 * time (the gateway's threads; guacd's and websockify's processes, with the processes
 * they fork per connection).</li>
 * </ul>
 * Prints the figures and the ratios. Not a test: nothing here asserts.
 *
 * <p>Environment (set by bench/console.sh): VDI_BENCH_VNC_PORT, VDI_BENCH_VNC_PASSWORD,
 * VDI_BENCH_SERIAL_LOG; VDI_BENCH_GUACD_PORT and VDI_BENCH_GUACD_PID for the guacd column
 * (left out, with VDI_BENCH_GUACD_SKIPPED as the reason, when unset); optional
 * VDI_BENCH_CONNECTS (30), VDI_BENCH_SECONDS (20), VDI_BENCH_WEBSOCKIFY (websockify),
 * VDI_LOGS (where websockify logs), VDI_BENCH_JFR (a file: record the workload with JFR).
 */
public final class ConsoleBenchmark {

    private static final int TIMEOUT_MS = 30_000;
    private static final int WARM_UP = 2;
    private static final String GATEWAY_THREADS = "vdi-gateway-";
    private static final String LOOPBACK = "127.0.0.1";

    private final int vncPort;
    private final String password;
    private final Path serialLog;
    private final GuacdServer gateway;
    /** The real guacd, or null when the benchmark runs without it. */
    private final GuacdProcess guacd;
    private final Websockify websockify;

    private ConsoleBenchmark(int vncPort, String password, Path serialLog, GuacdServer gateway, GuacdProcess guacd,
            Websockify websockify) {
        this.vncPort = vncPort;
        this.password = password;
        this.serialLog = serialLog;
        this.gateway = gateway;
        this.guacd = guacd;
        this.websockify = websockify;
    }

    /** A guacd that bench/console.sh started: where it listens, its process, its version. */
    private record GuacdProcess(int port, long pid, String version) {
        static GuacdProcess fromEnvironment() {
            String port = System.getenv("VDI_BENCH_GUACD_PORT");
            if (port == null || port.isBlank()) {
                return null;
            }
            return new GuacdProcess(Integer.parseInt(port), Long.parseLong(env("VDI_BENCH_GUACD_PID")),
                    System.getenv().getOrDefault("VDI_BENCH_GUACD_VERSION", "?"));
        }
    }

    /** Counters of one Guacamole client at one instant of the workload. */
    private record GuacCounters(long syncs, long bytes, long imageBytes) {
        static GuacCounters of(GuacClient c) {
            return c == null ? new GuacCounters(0, 0, 0)
                    : new GuacCounters(c.meter().syncs(), c.wireBytes(), c.meter().imageBytes());
        }
    }

    /** Counters at one instant of the workload. */
    private record Snapshot(long nanos, GuacCounters gateway, GuacCounters guacd, long updates, long rfbWireBytes,
            long rfbPayloadBytes, Map<Long, Long> gatewayCpu, Map<Long, Long> guacdCpu,
            Map<Long, Long> websockifyCpu) {
    }

    public static void main(String[] args) throws Exception {
        int vncPort = Integer.parseInt(env("VDI_BENCH_VNC_PORT"));
        String password = env("VDI_BENCH_VNC_PASSWORD");
        Path serial = Path.of(env("VDI_BENCH_SERIAL_LOG"));
        int connects = Integer.parseInt(System.getenv().getOrDefault("VDI_BENCH_CONNECTS", "30"));
        int seconds = Integer.parseInt(System.getenv().getOrDefault("VDI_BENCH_SECONDS", "20"));
        Path logs = Path.of(System.getenv().getOrDefault("VDI_LOGS", System.getProperty("java.io.tmpdir")));
        String command = System.getenv().getOrDefault("VDI_BENCH_WEBSOCKIFY", "websockify");
        try (GuacdServer gateway = new GuacdServer(8, 1);
                Websockify ws = Websockify.start(command, vncPort, logs.resolve("websockify.log"))) {
            gateway.start(0);
            GuacdProcess guacd = GuacdProcess.fromEnvironment();
            ConsoleBenchmark b = new ConsoleBenchmark(vncPort, password, serial, gateway, guacd, ws);
            System.out.printf(Locale.ROOT, "console benchmark: VNC 127.0.0.1:%d, gateway 127.0.0.1:%d, %s, websockify "
                    + "127.0.0.1:%d, %d connects per path, %d s workload, %d CPUs%n", vncPort, gateway.port(),
                    guacd == null ? "no guacd" : "guacd " + guacd.version() + " 127.0.0.1:" + guacd.port(), ws.port(),
                    connects, seconds, Runtime.getRuntime().availableProcessors());
            if (guacd == null) {
                System.out.println("SKIPPED: the guacd column: "
                        + System.getenv().getOrDefault("VDI_BENCH_GUACD_SKIPPED", "VDI_BENCH_GUACD_PORT is not set"));
            }
            double[][] first = b.firstFrames(connects);
            b.workload(seconds, first);
        }
    }

    /** Time to first frame in ms, {gateway[], guacd[] (empty without guacd), rfb[]}, alternating the paths. */
    private double[][] firstFrames(int n) throws Exception {
        double[] gw = new double[n];
        double[] gd = new double[guacd == null ? 0 : n];
        double[] rfb = new double[n];
        double[] upgrade = new double[n];
        double[] r = new double[2];
        for (int i = -WARM_UP; i < n; i++) {
            double g = guacFirstFrame(gateway.port());
            Thread.sleep(50);
            double d = guacd == null ? 0 : guacFirstFrame(guacd.port());
            Thread.sleep(50);
            rfbFirstFrame(r);
            Thread.sleep(50);
            if (i >= 0) {
                gw[i] = g;
                if (guacd != null) {
                    gd[i] = d;
                }
                rfb[i] = r[0];
                upgrade[i] = r[1];
            }
        }
        System.out.printf(Locale.ROOT, "first frames: websockify's WebSocket upgrade alone took p50 %.1f ms, "
                + "p95 %.1f ms of the noVNC path's time%n", Percentiles.of(upgrade, 50), Percentiles.of(upgrade, 95));
        return new double[][] {gw, gd, rfb};
    }

    /** Time to first frame through a guacd-compatible server on {@code port}: the gateway or guacd. */
    private double guacFirstFrame(int port) throws Exception {
        long t0 = System.nanoTime();
        try (GuacClient c = GuacClient.connect(LOOPBACK, port, vncPort, password, TIMEOUT_MS)) {
            c.awaitFirstFrame();
            return (System.nanoTime() - t0) / 1e6;
        }
    }

    /** Sets {time to first frame, time to the WebSocket upgrade} in ms. */
    private void rfbFirstFrame(double[] result) throws Exception {
        long t0 = System.nanoTime();
        try (WebSocketClient ws = WebSocketClient.connect("127.0.0.1", websockify.port(), "/", "binary", TIMEOUT_MS)) {
            result[1] = (System.nanoTime() - t0) / 1e6;
            NoVncClient c = new NoVncClient(new BufferedInputStream(ws.in(), 1 << 16), ws::send);
            c.open(password);
            while (!c.firstFrame()) {
                c.next();
            }
            result[0] = (System.nanoTime() - t0) / 1e6;
        }
    }

    private void workload(int seconds, double[][] first) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (GuacClient guac = GuacClient.connect(LOOPBACK, gateway.port(), vncPort, password, TIMEOUT_MS);
                GuacClient viaGuacd = guacd == null ? null
                        : GuacClient.connect(LOOPBACK, guacd.port(), vncPort, password, TIMEOUT_MS);
                WebSocketClient ws = WebSocketClient.connect(LOOPBACK, websockify.port(), "/", "binary",
                        TIMEOUT_MS)) {
            NoVncClient rfb = new NoVncClient(new BufferedInputStream(ws.in(), 1 << 16), ws::send);
            guac.awaitFirstFrame();
            if (viaGuacd != null) {
                viaGuacd.awaitFirstFrame();
            }
            rfb.open(password);
            while (!rfb.firstFrame()) {
                rfb.next();
            }
            System.out.printf(Locale.ROOT, "desktop %dx%d (\"%s\")%n", rfb.width(), rfb.height(), rfb.name());
            // An idle desktop sends nothing on RFB: no read timeout from here on.
            guac.readTimeout(0);
            ws.readTimeout(0);
            Thread gt = reader("bench-guac-client", () -> guac.run(), failure);
            Thread dt = null;
            if (viaGuacd != null) {
                viaGuacd.readTimeout(0);
                dt = reader("bench-guacd-client", () -> viaGuacd.run(), failure);
            }
            Thread rt = reader("bench-rfb-client", () -> {
                for (;;) {
                    rfb.next();
                }
            }, failure);

            String token = UUID.randomUUID().toString().substring(0, 8);
            String start = "VDI-BENCH-START-" + token;
            String end = "VDI-BENCH-END-" + token;
            guac.type("echo " + start + " >/dev/ttyS0; timeout " + (seconds + 6)
                    + " sh -c 'while :; do cat /proc/interrupts; done'; clear; echo " + end + " >/dev/ttyS0\n", 20);
            awaitSerial(start, 120);
            Thread.sleep(1000);
            Recording jfr = startRecording();
            Snapshot a = snapshot(guac, viaGuacd, rfb, ws);
            Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
            Snapshot b = snapshot(guac, viaGuacd, rfb, ws);
            stopRecording(jfr);
            awaitSerial(end, seconds + 60);
            if (failure.get() != null) {
                throw new IllegalStateException("a client failed during the workload", failure.get());
            }
            report(a, b, first, rfb);
            guac.close();
            if (viaGuacd != null) {
                viaGuacd.close();
                dt.join(5000);
            }
            ws.close();
            gt.join(5000);
            rt.join(5000);
        }
    }

    /**
     * With VDI_BENCH_JFR=FILE, a Java Flight Recorder recording (the JDK's "profile"
     * settings, execution samples every millisecond) of exactly the workload window, so its
     * samples are the frames measured and not the connects before.
     */
    private static Recording startRecording() throws IOException, java.text.ParseException {
        String file = System.getenv("VDI_BENCH_JFR");
        if (file == null || file.isBlank()) {
            return null;
        }
        Recording r = new Recording(Configuration.getConfiguration("profile"));
        // a sample every millisecond: the gateway spends about one per frame, so the profile's
        // 10 to 20 ms would give only a handful of samples in the window
        r.enable("jdk.ExecutionSample").withPeriod(java.time.Duration.ofMillis(1));
        r.setDestination(Path.of(file));
        r.start();
        return r;
    }

    private static void stopRecording(Recording r) throws IOException {
        if (r != null) {
            r.stop();
            r.close();
            System.out.println("JFR recording of the workload: " + r.getDestination());
        }
    }

    private Snapshot snapshot(GuacClient guac, GuacClient viaGuacd, NoVncClient rfb, WebSocketClient ws)
            throws IOException {
        return new Snapshot(System.nanoTime(), GuacCounters.of(guac), GuacCounters.of(viaGuacd), rfb.updates(),
                ws.wireBytes(), ws.payloadBytes(), CpuMeter.threads(GATEWAY_THREADS),
                guacd == null ? Map.of() : CpuMeter.processTree(guacd.pid()),
                CpuMeter.processTree(websockify.pid()));
    }

    /** One column of the table: a path's figures over the workload window. */
    private record Column(double firstP50, double firstP95, long frames, long bytes, double cpuMs, double secs) {
        double perSecond(double v) {
            return v / secs;
        }
    }

    private void report(Snapshot a, Snapshot b, double[][] first, NoVncClient rfb) {
        double secs = (b.nanos() - a.nanos()) / 1e9;
        Column gw = new Column(Percentiles.of(first[0], 50), Percentiles.of(first[0], 95),
                b.gateway().syncs() - a.gateway().syncs(), b.gateway().bytes() - a.gateway().bytes(),
                CpuMeter.delta(a.gatewayCpu(), b.gatewayCpu()) / 1e6, secs);
        Column gd = guacd == null ? null
                : new Column(Percentiles.of(first[1], 50), Percentiles.of(first[1], 95),
                        b.guacd().syncs() - a.guacd().syncs(), b.guacd().bytes() - a.guacd().bytes(),
                        CpuMeter.delta(a.guacdCpu(), b.guacdCpu()) / 1e6, secs);
        Column ws = new Column(Percentiles.of(first[2], 50), Percentiles.of(first[2], 95), b.updates() - a.updates(),
                b.rfbWireBytes() - a.rfbWireBytes(), CpuMeter.delta(a.websockifyCpu(), b.websockifyCpu()) / 1e6, secs);

        System.out.printf(Locale.ROOT, "%nworkload: %.1f s of text scrolling in the guest (cat /proc/interrupts in a "
                + "loop), all clients connected at once%n", secs);
        System.out.printf(Locale.ROOT, "  gateway: %d sync frames, %d bytes (Guacamole instructions, of which %d "
                + "bytes of images before base64), %.0f ms gateway thread CPU%n", gw.frames(), gw.bytes(),
                b.gateway().imageBytes() - a.gateway().imageBytes(), gw.cpuMs());
        if (gd != null) {
            System.out.printf(Locale.ROOT, "  guacd %s: %d sync frames, %d bytes (of which %d bytes of images before "
                    + "base64), %.0f ms guacd process CPU%n", guacd.version(), gd.frames(), gd.bytes(),
                    b.guacd().imageBytes() - a.guacd().imageBytes(), gd.cpuMs());
        }
        System.out.printf(Locale.ROOT, "  websockify: %d FramebufferUpdates, %d bytes on the wire (%d RFB payload), "
                + "%.0f ms websockify CPU%n", ws.frames(), ws.bytes(), b.rfbPayloadBytes() - a.rfbPayloadBytes(),
                ws.cpuMs());
        System.out.printf(Locale.ROOT, "  RFB rectangles since connect, by encoding: %s%n", rfb.rects());

        Table t = new Table(gd != null);
        t.row("time to first frame p50 (ms)", "%.1f", gw.firstP50(), gd == null ? 0 : gd.firstP50(), ws.firstP50());
        t.row("time to first frame p95 (ms)", "%.1f", gw.firstP95(), gd == null ? 0 : gd.firstP95(), ws.firstP95());
        t.row("frames per second", "%.1f", gw.perSecond(gw.frames()), gd == null ? 0 : gd.perSecond(gd.frames()),
                ws.perSecond(ws.frames()));
        t.row("KiB per second on the wire", "%.1f", gw.perSecond(gw.bytes()) / 1024,
                gd == null ? 0 : gd.perSecond(gd.bytes()) / 1024, ws.perSecond(ws.bytes()) / 1024);
        t.row("bytes per frame", "%.0f", (double) gw.bytes() / gw.frames(),
                gd == null ? 0 : (double) gd.bytes() / gd.frames(), (double) ws.bytes() / ws.frames());
        t.row("proxy CPU per frame (ms)", "%.3f", gw.cpuMs() / gw.frames(), gd == null ? 0 : gd.cpuMs() / gd.frames(),
                ws.cpuMs() / ws.frames());
        t.row("proxy CPU (% of one core)", "%.2f", gw.perSecond(gw.cpuMs()) / 10,
                gd == null ? 0 : gd.perSecond(gd.cpuMs()) / 10, ws.perSecond(ws.cpuMs()) / 10);
        System.out.printf(Locale.ROOT, "%nratios = this stack / the other path. First frames: %d connects per path "
                + "(alternating, after %d warm-up each). Proxy CPU: the gateway's threads (ThreadMXBean) vs "
                + "guacd's and websockify's processes with their per-connection children (/proc).%n", first[0].length,
                WARM_UP);
    }

    /** The side-by-side table: this stack, guacd (when there), noVNC+websockify, and the ratios. */
    private record Table(boolean withGuacd) {
        Table {
            System.out.printf(Locale.ROOT, "%n%-30s | %12s |%s %17s | %s%s%n", "metric", "this stack",
                    withGuacd ? String.format(Locale.ROOT, " %12s |", "guacd") : "", "noVNC+websockify",
                    "vs websockify", withGuacd ? " | vs guacd" : "");
            System.out.println("-".repeat(30) + "-|-" + "-".repeat(12) + "-|" + (withGuacd ? "-".repeat(14) + "|" : "")
                    + "-".repeat(18) + "-|-------------" + (withGuacd ? "-|---------" : ""));
        }

        void row(String metric, String format, double ours, double guacd, double websockify) {
            System.out.printf(Locale.ROOT, "%-30s | %12s |%s %17s | %12.2fx%s%n", metric, fmt(format, ours),
                    withGuacd ? String.format(Locale.ROOT, " %12s |", fmt(format, guacd)) : "", fmt(format, websockify),
                    ours / websockify, withGuacd ? String.format(Locale.ROOT, " | %7.2fx", ours / guacd) : "");
        }

        private static String fmt(String format, double v) {
            return String.format(Locale.ROOT, format, v);
        }
    }

    private interface Body {
        void run() throws Exception;
    }

    private static Thread reader(String name, Body body, AtomicReference<Throwable> failure) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Exception e) {
                // closing the socket at the end ends the loop with an exception
                if (!isClosed(e)) {
                    failure.compareAndSet(null, e);
                }
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static boolean isClosed(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            String m = String.valueOf(c.getMessage());
            if (m.contains("Socket closed") || m.contains("socket closed") || c instanceof java.io.EOFException) {
                return true;
            }
        }
        return false;
    }

    private void awaitSerial(String text, int timeoutSeconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (System.nanoTime() < end) {
            if (Files.exists(serialLog) && Files.readString(serialLog, StandardCharsets.ISO_8859_1).contains(text)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("no \"" + text + "\" on the guest's serial console within " + timeoutSeconds
                + " s (see " + serialLog + ")");
    }

    private static String env(String name) {
        String v = System.getenv(name);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("set " + name + " (bench/console.sh does)");
        }
        return v;
    }
}
