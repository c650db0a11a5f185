package org.vdi.console.bench;

import java.io.BufferedInputStream;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.apache.guacamole.GuacamoleException;
import org.apache.guacamole.io.GuacamoleReader;
import org.apache.guacamole.io.GuacamoleWriter;
import org.apache.guacamole.io.ReaderGuacamoleReader;
import org.apache.guacamole.io.WriterGuacamoleWriter;
import org.apache.guacamole.net.GuacamoleSocket;
import org.apache.guacamole.protocol.ConfiguredGuacamoleSocket;
import org.apache.guacamole.protocol.GuacamoleConfiguration;
import org.apache.guacamole.protocol.GuacamoleInstruction;

/**
 * A Guacamole client of guacd or a guacd-compatible server (the built-in gateway), in the role
 * the browser plays behind the tunnel: guacamole-common's handshake, then every
 * instruction read and counted, and every {@code sync} echoed at once, so the server
 * is never held back by the client. Bytes are counted as received on the socket.
 *
 * <p>NOTE: {@link #readFrame()} and {@link #run()} belong to one reading thread; the
 * writer is shared with a typing thread and used under its own lock.
 */
final class GuacClient implements Closeable {

    private final Socket socket;
    private final CountingInputStream wire;
    private final ConfiguredGuacamoleSocket guac;
    private final GuacFrameMeter meter = new GuacFrameMeter();

    private GuacClient(Socket socket, CountingInputStream wire, ConfiguredGuacamoleSocket guac) {
        this.socket = socket;
        this.wire = wire;
        this.guac = guac;
    }

    /** Connects to the server and completes the handshake for VNC at 127.0.0.1:{@code vncPort}. */
    static GuacClient connect(String host, int port, int vncPort, String password, int timeoutMs)
            throws IOException, GuacamoleException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), timeoutMs);
            s.setSoTimeout(timeoutMs);
            CountingInputStream wire = new CountingInputStream(new BufferedInputStream(s.getInputStream(), 1 << 16));
            GuacamoleReader reader = new ReaderGuacamoleReader(new InputStreamReader(wire, StandardCharsets.UTF_8));
            GuacamoleWriter writer = new WriterGuacamoleWriter(
                    new BufferedWriter(new OutputStreamWriter(s.getOutputStream(), StandardCharsets.UTF_8)));
            GuacamoleConfiguration config = new GuacamoleConfiguration();
            config.setProtocol("vnc");
            config.setParameter("hostname", "127.0.0.1");
            config.setParameter("port", Integer.toString(vncPort));
            config.setParameter("password", password);
            // lossless on both Guacamole paths, as console-proxy asks unless vdi.console.lossy is set:
            // guacd would otherwise send busy regions as JPEG
            config.setParameter("force-lossless", "true");
            return new GuacClient(s, wire, new ConfiguredGuacamoleSocket(new PlainSocket(s, reader, writer), config));
        } catch (IOException | GuacamoleException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** Reads until the first frame that covers the whole screen has ended. */
    void awaitFirstFrame() throws GuacamoleException, IOException {
        while (!meter.firstFrame()) {
            readOne();
        }
    }

    /** Reads and acknowledges until the connection ends. */
    void run() throws GuacamoleException, IOException {
        while (readOne()) {
            // counted in the meter
        }
    }

    private boolean readOne() throws GuacamoleException, IOException {
        GuacamoleInstruction ins = guac.getReader().readInstruction();
        if (ins == null) {
            return false;
        }
        if ("error".equals(ins.getOpcode())) {
            throw new IOException("server error: " + ins.getArgs());
        }
        String ts = meter.accept(ins);
        if (ts != null) {
            send(new GuacamoleInstruction("sync", ts));
        }
        return true;
    }

    /** Sends one instruction (key presses, sync echoes). */
    void send(GuacamoleInstruction ins) throws GuacamoleException {
        GuacamoleWriter w = guac.getWriter();
        synchronized (w) {
            w.writeInstruction(ins);
        }
    }

    /** Types text as a browser does: X11 keysyms, Shift around shifted characters. */
    void type(String text, long pauseMillis) throws GuacamoleException, InterruptedException {
        String shifted = "ABCDEFGHIJKLMNOPQRSTUVWXYZ>_|:\"<?!@#$%^&*()+{}~";
        for (char c : text.toCharArray()) {
            String keysym = Integer.toString(c == '\n' ? 0xFF0D : c);
            boolean shift = shifted.indexOf(c) >= 0;
            if (shift) {
                send(new GuacamoleInstruction("key", "65505", "1"));
            }
            send(new GuacamoleInstruction("key", keysym, "1"));
            send(new GuacamoleInstruction("key", keysym, "0"));
            if (shift) {
                send(new GuacamoleInstruction("key", "65505", "0"));
            }
            Thread.sleep(pauseMillis);
        }
    }

    GuacFrameMeter meter() {
        return meter;
    }

    /** Bytes received on the socket so far. */
    long wireBytes() {
        return wire.count();
    }

    void readTimeout(int ms) throws IOException {
        socket.setSoTimeout(ms);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** A GuacamoleSocket over a plain socket whose reader counts bytes. */
    private record PlainSocket(Socket socket, GuacamoleReader reader, GuacamoleWriter writer)
            implements GuacamoleSocket {

        @Override
        public GuacamoleReader getReader() {
            return reader;
        }

        @Override
        public GuacamoleWriter getWriter() {
            return writer;
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }

        @Override
        public boolean isOpen() {
            return !socket.isClosed();
        }
    }
}
