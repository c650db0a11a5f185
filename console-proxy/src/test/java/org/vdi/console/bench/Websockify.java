package org.vdi.console.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * websockify (Debian's package) as a child process: a WebSocket-to-TCP proxy on a
 * loopback port in front of the desktop's VNC server, as noVNC deployments run it.
 * Closing stops it and the per-connection processes it forked; so does the JVM's exit.
 */
final class Websockify implements AutoCloseable {

    private final Process process;
    private final int port;

    private Websockify(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static Websockify start(String command, int vncPort, Path log) throws IOException, InterruptedException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Process p = new ProcessBuilder(List.of(command, "127.0.0.1:" + port, "127.0.0.1:" + vncPort))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Websockify w = new Websockify(p, port);
        // Also when the benchmark is interrupted (Ctrl-C, the script's timeout): no proxy is left behind.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }, "websockify-stop"));
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < end) {
            if (!p.isAlive()) {
                throw new IOException("websockify exited with " + p.exitValue() + " (see " + log + ")");
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return w;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        w.close();
        throw new IOException("websockify does not listen on 127.0.0.1:" + port + " after 15 s (see " + log + ")");
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
