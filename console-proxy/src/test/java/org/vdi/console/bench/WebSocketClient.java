package org.vdi.console.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;

/**
 * A minimal RFC 6455 client, enough to talk to websockify as a browser does: the HTTP
 * upgrade with a subprotocol, masked binary frames out, and the payload of the
 * server's data frames in as one byte stream (pings answered, close ends it). Written
 * here rather than taken from java.net.http so that every byte received on the socket
 * is counted, frame headers included.
 *
 * <p>NOTE: one thread reads ({@link #in()}); writes are synchronized, since a pong may
 * go out from the reading thread while another thread sends.
 */
final class WebSocketClient implements Closeable {

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final int MAX_HEADER_BYTES = 16384;

    private final Socket socket;
    private final CountingInputStream wire;
    private final OutputStream out;
    private final FrameInput in;
    private final SecureRandom random = new SecureRandom();

    private WebSocketClient(Socket socket, CountingInputStream wire, OutputStream out) {
        this.socket = socket;
        this.wire = wire;
        this.out = out;
        this.in = new FrameInput(wire, this::pong);
    }

    /** Connects and upgrades; fails unless the server answers 101 with the right accept key. */
    static WebSocketClient connect(String host, int port, String path, String protocol, int timeoutMs)
            throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), timeoutMs);
            s.setSoTimeout(timeoutMs);
            CountingInputStream wire = new CountingInputStream(new BufferedInputStream(s.getInputStream(), 1 << 16));
            OutputStream out = s.getOutputStream();
            byte[] nonce = new byte[16];
            new SecureRandom().nextBytes(nonce);
            String key = Base64.getEncoder().encodeToString(nonce);
            String request = "GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\n"
                    + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: " + protocol + "\r\n"
                    + "Origin: http://" + host + ":" + port + "\r\n\r\n";
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            checkUpgrade(readHeader(wire), key);
            return new WebSocketClient(s, wire, out);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** The payload bytes of the server's data frames, in order. */
    InputStream in() {
        return in;
    }

    /** Sends one binary frame, masked as a client must. */
    synchronized void send(byte[] data) throws IOException {
        byte[] mask = new byte[4];
        random.nextBytes(mask);
        out.write(encodeClientFrame(0x2, data, mask));
        out.flush();
    }

    /** Every byte received on the socket so far, the HTTP response and frame headers included. */
    long wireBytes() {
        return wire.count();
    }

    /** The payload bytes of data frames received so far. */
    long payloadBytes() {
        return in.payloadBytes();
    }

    void readTimeout(int ms) throws IOException {
        socket.setSoTimeout(ms);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private synchronized void pong(byte[] payload) throws IOException {
        byte[] mask = new byte[4];
        random.nextBytes(mask);
        out.write(encodeClientFrame(0xA, payload, mask));
        out.flush();
    }

    /** A complete client frame (FIN set) with the payload masked by {@code mask}. */
    static byte[] encodeClientFrame(int opcode, byte[] payload, byte[] mask) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(payload.length + 14);
        b.write(0x80 | opcode);
        int n = payload.length;
        if (n < 126) {
            b.write(0x80 | n);
        } else if (n <= 0xFFFF) {
            b.write(0x80 | 126);
            b.write(n >>> 8);
            b.write(n);
        } else {
            b.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                b.write((int) ((long) n >>> shift));
            }
        }
        b.write(mask, 0, 4);
        for (int i = 0; i < n; i++) {
            b.write(payload[i] ^ mask[i & 3]);
        }
        return b.toByteArray();
    }

    static String acceptKey(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is not available", e);
        }
    }

    /** The HTTP response header, up to and without the blank line. */
    static String readHeader(InputStream in) throws IOException {
        ByteArrayOutputStream h = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("connection closed during the WebSocket upgrade");
            }
            h.write(c);
            if (h.size() > MAX_HEADER_BYTES) {
                throw new IOException("WebSocket upgrade response too long");
            }
            state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3))
                    ? state + 1 : c == '\r' ? 1 : 0;
        }
        String s = h.toString(StandardCharsets.ISO_8859_1);
        return s.substring(0, s.length() - 4);
    }

    static void checkUpgrade(String header, String key) throws IOException {
        String[] lines = header.split("\r\n");
        if (lines.length == 0 || !lines[0].matches("HTTP/1\\.1 101( .*)?")) {
            throw new IOException("WebSocket upgrade refused: " + (lines.length == 0 ? "(empty)" : lines[0]));
        }
        String expected = acceptKey(key);
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("sec-websocket-accept")) {
                if (line.substring(colon + 1).trim().equals(expected)) {
                    return;
                }
                throw new IOException("wrong Sec-WebSocket-Accept in the upgrade response");
            }
        }
        throw new IOException("no Sec-WebSocket-Accept in the upgrade response");
    }

    /** Answers a ping; called on the reading thread. */
    interface PingHandler {
        void ping(byte[] payload) throws IOException;
    }

    /**
     * The server's frames as one stream of data payload: continuation, text and binary
     * frames are passed through; ping is answered, pong skipped, close ends the stream.
     */
    static final class FrameInput extends InputStream {

        private final InputStream raw;
        private final PingHandler onPing;
        private long remaining;
        private byte[] mask;
        private long maskOffset;
        private boolean closed;
        private volatile long payloadBytes;

        FrameInput(InputStream raw, PingHandler onPing) {
            this.raw = raw;
            this.onPing = onPing;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (remaining == 0) {
                if (closed || !nextDataFrame()) {
                    closed = true;
                    return -1;
                }
            }
            int n = raw.read(b, off, (int) Math.min(len, remaining));
            if (n < 0) {
                throw new IOException("connection closed inside a WebSocket frame");
            }
            if (mask != null) {
                for (int i = 0; i < n; i++) {
                    b[off + i] ^= mask[(int) ((maskOffset + i) & 3)];
                }
                maskOffset += n;
            }
            remaining -= n;
            payloadBytes += n;
            return n;
        }

        long payloadBytes() {
            return payloadBytes;
        }

        /** Reads frame headers until a data frame with payload; false on close. */
        private boolean nextDataFrame() throws IOException {
            for (;;) {
                int b0 = raw.read();
                if (b0 < 0) {
                    return false;
                }
                int b1 = need(raw.read());
                int opcode = b0 & 0x0F;
                long len = b1 & 0x7F;
                if (len == 126) {
                    len = (long) need(raw.read()) << 8 | need(raw.read());
                } else if (len == 127) {
                    len = 0;
                    for (int i = 0; i < 8; i++) {
                        len = len << 8 | need(raw.read());
                    }
                    if (len < 0) {
                        throw new IOException("WebSocket frame length out of range");
                    }
                }
                byte[] m = null;
                if ((b1 & 0x80) != 0) {
                    m = raw.readNBytes(4);
                    if (m.length < 4) {
                        throw new IOException("connection closed inside a WebSocket frame header");
                    }
                }
                switch (opcode) {
                    case 0x0, 0x1, 0x2 -> {
                        if (len == 0) {
                            continue;
                        }
                        remaining = len;
                        mask = m;
                        maskOffset = 0;
                        return true;
                    }
                    case 0x8 -> {
                        return false;
                    }
                    case 0x9, 0xA -> {
                        if (len > 125) {
                            throw new IOException("WebSocket control frame too long");
                        }
                        byte[] payload = raw.readNBytes((int) len);
                        if (payload.length < len) {
                            throw new IOException("connection closed inside a WebSocket control frame");
                        }
                        if (m != null) {
                            for (int i = 0; i < payload.length; i++) {
                                payload[i] ^= m[i & 3];
                            }
                        }
                        if (opcode == 0x9) {
                            onPing.ping(payload);
                        }
                    }
                    default -> throw new IOException("unknown WebSocket opcode " + opcode);
                }
            }
        }

        private static int need(int b) throws IOException {
            if (b < 0) {
                throw new IOException("connection closed inside a WebSocket frame header");
            }
            return b;
        }
    }
}
