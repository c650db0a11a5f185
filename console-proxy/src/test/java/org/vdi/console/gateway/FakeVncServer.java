package org.vdi.console.gateway;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * A scripted RFB 3.8 server for tests: VNC authentication with a fixed challenge, a
 * small desktop, a Raw full frame on the first request and whatever the test queues
 * afterwards; client messages are recorded as strings.
 */
final class FakeVncServer implements AutoCloseable {

    static final byte[] CHALLENGE = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    final int width;
    final int height;
    final int[] argb;
    final String password;
    final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final ServerSocket server;
    private final Thread thread;
    private volatile DataOutputStream out;

    FakeVncServer(int width, int height, String password) throws IOException {
        this.width = width;
        this.height = height;
        this.password = password;
        this.argb = new int[width * height];
        for (int i = 0; i < argb.length; i++) {
            argb[i] = 0xFF000000 | ((i * 7) & 0xFF) << 16 | ((i / width * 13) & 0xFF) << 8 | ((i % width * 5) & 0xFF);
        }
        server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        thread = new Thread(this::serve, "fake-vnc");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Sends a message now (from the test thread). */
    synchronized void send(Consumer<DataOutputStream> message) throws IOException {
        message.accept(out);
        out.flush();
    }

    private void serve() {
        try (Socket s = server.accept()) {
            DataInputStream in = new DataInputStream(s.getInputStream());
            out = new DataOutputStream(s.getOutputStream());
            out.write("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII));
            byte[] version = new byte[12];
            in.readFully(version);
            received.add("version " + new String(version, StandardCharsets.US_ASCII).trim());
            out.write(new byte[] {1, 2});
            out.flush();
            received.add("security " + in.readUnsignedByte());
            out.write(CHALLENGE);
            out.flush();
            byte[] response = new byte[16];
            in.readFully(response);
            boolean ok = Arrays.equals(response, VncAuth.response(password, CHALLENGE));
            out.writeInt(ok ? 0 : 1);
            if (!ok) {
                byte[] reason = "bad password".getBytes(StandardCharsets.US_ASCII);
                out.writeInt(reason.length);
                out.write(reason);
                out.flush();
                return;
            }
            received.add("shared " + in.readUnsignedByte());
            out.writeShort(width);
            out.writeShort(height);
            out.write(new byte[] {32, 24, 0, 1, 0, (byte) 255, 0, (byte) 255, 0, (byte) 255, 16, 8, 0, 0, 0, 0});
            byte[] name = "fake desktop".getBytes(StandardCharsets.UTF_8);
            out.writeInt(name.length);
            out.write(name);
            out.flush();
            boolean first = true;
            for (;;) {
                int type = in.readUnsignedByte();
                switch (type) {
                    case 0 -> {
                        byte[] pf = new byte[19];
                        in.readFully(pf);
                        received.add("pixelformat " + pf[3] + "/" + pf[4]);
                    }
                    case 2 -> {
                        in.readUnsignedByte();
                        int n = in.readUnsignedShort();
                        StringBuilder sb = new StringBuilder("encodings");
                        for (int i = 0; i < n; i++) {
                            sb.append(' ').append(in.readInt());
                        }
                        received.add(sb.toString());
                    }
                    case 3 -> {
                        int incremental = in.readUnsignedByte();
                        in.readFully(new byte[8]);
                        received.add("request " + incremental);
                        if (first) {
                            first = false;
                            synchronized (this) {
                                rawFrame(out);
                            }
                        }
                    }
                    case 4 -> {
                        int down = in.readUnsignedByte();
                        in.readUnsignedShort();
                        received.add("key " + Integer.toHexString(in.readInt()) + " " + down);
                    }
                    case 5 -> {
                        int mask = in.readUnsignedByte();
                        received.add("pointer " + in.readUnsignedShort() + " " + in.readUnsignedShort() + " " + mask);
                    }
                    case 6 -> {
                        in.readFully(new byte[3]);
                        byte[] text = new byte[in.readInt()];
                        in.readFully(text);
                        received.add("cut " + new String(text, StandardCharsets.ISO_8859_1));
                    }
                    default -> throw new IOException("unexpected client message " + type);
                }
            }
        } catch (IOException | RuntimeException e) {
            received.add("closed");
        } catch (GatewayException e) {
            received.add("closed " + e.getMessage());
        }
    }

    private void rawFrame(DataOutputStream o) throws IOException {
        o.writeByte(0);
        o.writeByte(0);
        o.writeShort(1);
        o.writeShort(0);
        o.writeShort(0);
        o.writeShort(width);
        o.writeShort(height);
        o.writeInt(0);
        byte[] row = new byte[width * 4];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int p = argb[y * width + x];
                row[x * 4] = (byte) p;
                row[x * 4 + 1] = (byte) (p >> 8);
                row[x * 4 + 2] = (byte) (p >> 16);
            }
            o.write(row);
        }
        o.flush();
    }

    /** Waits for the next recorded client message. */
    String next() throws InterruptedException {
        String s = received.poll(10, java.util.concurrent.TimeUnit.SECONDS);
        if (s == null) {
            throw new AssertionError("the fake VNC server received nothing within 10 s");
        }
        return s;
    }

    /** Waits for a recorded message starting with {@code prefix}, skipping others. */
    String await(String prefix) throws InterruptedException {
        for (;;) {
            String s = next();
            if (s.startsWith(prefix)) {
                return s;
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        thread.interrupt();
    }

    /** A wrapper that lets scripts throw. */
    interface IoConsumer {
        void accept(DataOutputStream o) throws IOException;
    }

    static Consumer<DataOutputStream> io(IoConsumer c) {
        return o -> {
            try {
                c.accept(o);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
    }
}
