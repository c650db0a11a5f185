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

import org.vdi.console.gateway.GuacdServer;

/**
 * Console benchmark, run by {@code ./vdi bench console} against a desktop that
 * bench/console.sh has booted: the built-in gateway (Guacamole protocol) side by side
 * with websockify and a noVNC-like RFB client, on the same QEMU VNC display.
 *
 * <ul>
 * <li>Time to first frame: from opening the TCP connection until the first complete
 * frame (Guacamole: the first {@code sync} after images covering the screen; RFB: the
 * first FramebufferUpdate that completes covering it), over N connects per path,
 * alternating, after two warm-up connects per path that are not counted.</li>
 * <li>A screen workload typed into the guest's shell (text scrolling as fast as the
 * guest prints), measured through both paths at the same time: frames ({@code sync}
 * vs FramebufferUpdate), bytes received on each client's socket, and the proxy's CPU
 * time (the gateway's threads; websockify's processes).</li>
 * </ul>
 * Prints the figures and the ratios. Not a test: nothing here asserts.
 *
 * <p>Environment (set by bench/console.sh): VDI_BENCH_VNC_PORT, VDI_BENCH_VNC_PASSWORD,
 * VDI_BENCH_SERIAL_LOG; optional VDI_BENCH_CONNECTS (30), VDI_BENCH_SECONDS (20),
 * VDI_BENCH_WEBSOCKIFY (websockify), VDI_LOGS (where websockify logs).
 */
public final class ConsoleBenchmark {

    private static final int TIMEOUT_MS = 30_000;
    private static final int WARM_UP = 2;
    private static final String GATEWAY_THREADS = "vdi-gateway-";

    private final int vncPort;
    private final String password;
    private final Path serialLog;
    private final GuacdServer gateway;
    private final Websockify websockify;

    private ConsoleBenchmark(int vncPort, String password, Path serialLog, GuacdServer gateway,
            Websockify websockify) {
        this.vncPort = vncPort;
        this.password = password;
        this.serialLog = serialLog;
        this.gateway = gateway;
        this.websockify = websockify;
    }

    /** Counters at one instant of the workload. */
    private record Snapshot(long nanos, long syncs, long guacBytes, long pngBytes, long updates, long rfbWireBytes,
            long rfbPayloadBytes, Map<Long, Long> gatewayCpu, Map<Long, Long> websockifyCpu) {
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
            ConsoleBenchmark b = new ConsoleBenchmark(vncPort, password, serial, gateway, ws);
            System.out.printf(Locale.ROOT, "console benchmark: VNC 127.0.0.1:%d, gateway 127.0.0.1:%d, websockify "
                    + "127.0.0.1:%d, %d connects per path, %d s workload, %d CPUs%n", vncPort, gateway.port(), ws.port(),
                    connects, seconds, Runtime.getRuntime().availableProcessors());
            double[][] first = b.firstFrames(connects);
            b.workload(seconds, first[0], first[1]);
        }
    }

    /** Time to first frame in ms, {guacamole[], rfb[]}, alternating the paths. */
    private double[][] firstFrames(int n) throws Exception {
        double[] guac = new double[n];
        double[] rfb = new double[n];
        double[] upgrade = new double[n];
        double[] r = new double[2];
        for (int i = -WARM_UP; i < n; i++) {
            double g = guacFirstFrame();
            Thread.sleep(50);
            rfbFirstFrame(r);
            Thread.sleep(50);
            if (i >= 0) {
                guac[i] = g;
                rfb[i] = r[0];
                upgrade[i] = r[1];
            }
        }
        System.out.printf(Locale.ROOT, "first frames: websockify's WebSocket upgrade alone took p50 %.1f ms, "
                + "p95 %.1f ms of the noVNC path's time%n", Percentiles.of(upgrade, 50), Percentiles.of(upgrade, 95));
        return new double[][] {guac, rfb};
    }

    private double guacFirstFrame() throws Exception {
        long t0 = System.nanoTime();
        try (GuacClient c = GuacClient.connect(gateway.host(), gateway.port(), vncPort, password, TIMEOUT_MS)) {
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

    private void workload(int seconds, double[] guacFirst, double[] rfbFirst) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (GuacClient guac = GuacClient.connect(gateway.host(), gateway.port(), vncPort, password, TIMEOUT_MS);
                WebSocketClient ws = WebSocketClient.connect("127.0.0.1", websockify.port(), "/", "binary",
                        TIMEOUT_MS)) {
            NoVncClient rfb = new NoVncClient(new BufferedInputStream(ws.in(), 1 << 16), ws::send);
            guac.awaitFirstFrame();
            rfb.open(password);
            while (!rfb.firstFrame()) {
                rfb.next();
            }
            System.out.printf(Locale.ROOT, "desktop %dx%d (\"%s\")%n", rfb.width(), rfb.height(), rfb.name());
            // An idle desktop sends nothing on RFB: no read timeout from here on.
            guac.readTimeout(0);
            ws.readTimeout(0);
            Thread gt = reader("bench-guac-client", () -> guac.run(), failure);
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
            Snapshot a = snapshot(guac, rfb, ws);
            Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
            Snapshot b = snapshot(guac, rfb, ws);
            awaitSerial(end, seconds + 60);
            if (failure.get() != null) {
                throw new IllegalStateException("a client failed during the workload", failure.get());
            }
            report(a, b, guacFirst, rfbFirst, guac, rfb);
            guac.close();
            ws.close();
            gt.join(5000);
            rt.join(5000);
        }
    }

    private Snapshot snapshot(GuacClient guac, NoVncClient rfb, WebSocketClient ws) throws IOException {
        return new Snapshot(System.nanoTime(), guac.meter().syncs(), guac.wireBytes(), guac.meter().imageBytes(),
                rfb.updates(), ws.wireBytes(),
                ws.payloadBytes(), CpuMeter.threads(GATEWAY_THREADS), CpuMeter.processTree(websockify.pid()));
    }

    private void report(Snapshot a, Snapshot b, double[] guacFirst, double[] rfbFirst, GuacClient guac,
            NoVncClient rfb) {
        double secs = (b.nanos() - a.nanos()) / 1e9;
        long gFrames = b.syncs() - a.syncs();
        long rFrames = b.updates() - a.updates();
        long gBytes = b.guacBytes() - a.guacBytes();
        long rBytes = b.rfbWireBytes() - a.rfbWireBytes();
        long rPayload = b.rfbPayloadBytes() - a.rfbPayloadBytes();
        double gCpuMs = CpuMeter.delta(a.gatewayCpu(), b.gatewayCpu()) / 1e6;
        double rCpuMs = CpuMeter.delta(a.websockifyCpu(), b.websockifyCpu()) / 1e6;

        System.out.printf(Locale.ROOT, "%nworkload: %.1f s of text scrolling in the guest (cat /proc/interrupts in a "
                + "loop), both clients connected at once%n", secs);
        System.out.printf(Locale.ROOT, "  gateway: %d sync frames, %d bytes (Guacamole instructions, of which %d "
                + "bytes of PNG before base64), %.0f ms gateway thread CPU%n", gFrames, gBytes,
                b.pngBytes() - a.pngBytes(), gCpuMs);
        System.out.printf(Locale.ROOT, "  websockify: %d FramebufferUpdates, %d bytes on the wire (%d RFB payload), "
                + "%.0f ms websockify CPU%n", rFrames, rBytes, rPayload, rCpuMs);
        System.out.printf(Locale.ROOT, "  RFB rectangles since connect, by encoding: %s%n", rfb.rects());

        System.out.printf(Locale.ROOT, "%n%-36s | %14s | %17s | %s%n", "metric", "this stack", "noVNC+websockify",
                "ratio");
        System.out.println("-".repeat(36) + "-|-" + "-".repeat(14) + "-|-" + "-".repeat(17) + "-|------");
        row("time to first frame p50 (ms)", Percentiles.of(guacFirst, 50), Percentiles.of(rfbFirst, 50), "%.1f");
        row("time to first frame p95 (ms)", Percentiles.of(guacFirst, 95), Percentiles.of(rfbFirst, 95), "%.1f");
        row("frames per second", gFrames / secs, rFrames / secs, "%.1f");
        row("KiB per second on the wire", gBytes / secs / 1024, rBytes / secs / 1024, "%.1f");
        row("bytes per frame", (double) gBytes / gFrames, (double) rBytes / rFrames, "%.0f");
        row("proxy CPU per frame (ms)", gCpuMs / gFrames, rCpuMs / rFrames, "%.2f");
        row("proxy CPU (% of one core)", gCpuMs / 10 / secs, rCpuMs / 10 / secs, "%.1f");
        System.out.printf(Locale.ROOT, "%nratio = this stack / noVNC+websockify. First frames: %d connects per path "
                + "(alternating, after %d warm-up each). Proxy CPU: the gateway's threads (ThreadMXBean) vs "
                + "websockify's processes (/proc).%n", guacFirst.length, WARM_UP);
    }

    private static void row(String metric, double ours, double theirs, String format) {
        System.out.printf(Locale.ROOT, "%-36s | %14s | %17s | %.2fx%n", metric, String.format(Locale.ROOT, format, ours),
                String.format(Locale.ROOT, format, theirs), ours / theirs);
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
