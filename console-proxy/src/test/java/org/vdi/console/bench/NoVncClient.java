package org.vdi.console.bench;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.TreeMap;

import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * An RFB client that asks the server for what noVNC 1.3 (Debian's novnc package,
 * core/rfb.js) asks for, and requests updates the way it does: one non-incremental
 * request after the opening, then an incremental full-screen request as soon as each
 * FramebufferUpdate has been received. It does not decode pixels: it reads each
 * rectangle's encoded data only as far as needed to find its end, which is what the
 * byte and frame counts need. The rectangles of real encodings mark a {@link Coverage},
 * so the first complete frame is known as on the Guacamole side.
 *
 * <p>Encodings, in noVNC's order: CopyRect, Tight, TightPNG, Hextile, RRE, Raw, then
 * the pseudo-encodings quality level 6, compression level 2, DesktopSize, LastRect,
 * QEMU extended key event, ExtendedDesktopSize, XVP, Fence, ContinuousUpdates,
 * DesktopName, extended clipboard, VMware cursor, Cursor. QEMU takes the first it
 * knows, Tight. Pixel format: noVNC's 32 bits per pixel, depth 24, little endian.
 *
 * <p>NOTE: one thread runs it; the counters are read by others.
 */
final class NoVncClient {

    static final int[] NOVNC_ENCODINGS = {1, 7, -260, 5, 2, 0, -32 + 6, -256 + 2, -223, -224, -258, -308, -309, -312,
        -313, -307, 0xC0A1E5CE, 0x574D5664, -239};

    private static final int ENC_RAW = 0;
    private static final int ENC_COPYRECT = 1;
    private static final int ENC_TIGHT = 7;
    private static final int ENC_DESKTOP_SIZE = -223;
    private static final int ENC_LAST_RECT = -224;
    private static final int ENC_CURSOR = -239;
    private static final int ENC_QEMU_EXT_KEY = -258;
    private static final int ENC_DESKTOP_NAME = -307;
    private static final int ENC_EXT_DESKTOP_SIZE = -308;
    private static final int MAX_TEXT = 1 << 20;
    /** Bytes per TPIXEL: 24-bit depth in 32 bits per pixel. */
    private static final int TPIXEL = 3;
    private static final int BPP = 4;

    /** Where the client's messages go: a WebSocket, or a stream in tests. */
    interface Sink {
        void send(byte[] message) throws IOException;
    }

    private final DataInputStream in;
    private final Sink out;
    private final Coverage coverage = new Coverage();
    private final Map<String, Long> rects = new TreeMap<>();
    private volatile long updates;
    private boolean firstFrame;
    private String name;

    NoVncClient(InputStream in, Sink out) {
        this.in = new DataInputStream(in);
        this.out = out;
    }

    /** RFB 3.8 opening with VNC authentication (or None), then noVNC's format, encodings and first request. */
    void open(String password) throws IOException {
        byte[] version = in.readNBytes(12);
        String v = new String(version, StandardCharsets.US_ASCII);
        if (!v.startsWith("RFB 003.")) {
            throw new IOException("not an RFB server: " + v.trim());
        }
        out.send("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII));
        int count = in.readUnsignedByte();
        if (count == 0) {
            throw new IOException("VNC server refused: " + text(in.readInt()));
        }
        byte[] types = in.readNBytes(count);
        boolean none = false;
        boolean vnc = false;
        for (byte t : types) {
            none |= t == 1;
            vnc |= t == 2;
        }
        if (!none && !vnc) {
            throw new IOException("no supported security type");
        }
        out.send(new byte[] {(byte) (none ? 1 : 2)});
        if (!none) {
            byte[] challenge = in.readNBytes(16);
            out.send(vncAuth(password, challenge));
        }
        if (in.readInt() != 0) {
            throw new IOException("VNC authentication failed: " + text(in.readInt()));
        }
        out.send(new byte[] {1}); // shared, as noVNC by default
        int w = in.readUnsignedShort();
        int h = in.readUnsignedShort();
        in.readNBytes(16);
        name = text(in.readInt());
        coverage.reset(w, h);
        out.send(setPixelFormat());
        out.send(setEncodings(NOVNC_ENCODINGS));
        out.send(updateRequest(false, w, h));
    }

    /**
     * Reads one server message; after a FramebufferUpdate asks for the next.
     *
     * @return true when it was a FramebufferUpdate
     */
    boolean next() throws IOException {
        int type = in.readUnsignedByte();
        switch (type) {
            case 0 -> {
                update();
                updates++;
                if (!firstFrame && coverage.full()) {
                    firstFrame = true;
                }
                out.send(updateRequest(true, coverage.width(), coverage.height()));
                return true;
            }
            case 1 -> { // SetColourMapEntries
                in.readUnsignedByte();
                in.readUnsignedShort();
                skip(6L * in.readUnsignedShort());
            }
            case 2 -> { // Bell
            }
            case 3 -> { // ServerCutText; a negative length is an extended clipboard message
                skip(3);
                skip(Math.abs((long) in.readInt()));
            }
            case 150 -> { // EndOfContinuousUpdates
            }
            case 248 -> { // Fence
                skip(3);
                in.readInt();
                skip(in.readUnsignedByte());
            }
            case 250 -> skip(3); // XVP
            default -> throw new IOException("unknown RFB server message " + type);
        }
        return false;
    }

    private void update() throws IOException {
        in.readUnsignedByte();
        int n = in.readUnsignedShort();
        for (int i = 0; i < n; i++) {
            int x = in.readUnsignedShort();
            int y = in.readUnsignedShort();
            int w = in.readUnsignedShort();
            int h = in.readUnsignedShort();
            int enc = in.readInt();
            switch (enc) {
                case ENC_RAW -> {
                    skip((long) w * h * BPP);
                    drawn("raw", x, y, w, h);
                }
                case ENC_COPYRECT -> {
                    skip(4);
                    drawn("copyrect", x, y, w, h);
                }
                case ENC_TIGHT -> drawn("tight " + tight(w, h), x, y, w, h);
                case ENC_LAST_RECT -> {
                    count("lastrect");
                    return;
                }
                case ENC_DESKTOP_SIZE -> {
                    count("desktopsize");
                    coverage.reset(w, h);
                }
                case ENC_EXT_DESKTOP_SIZE -> {
                    int screens = in.readUnsignedByte();
                    skip(3 + 16L * screens);
                    count("extdesktopsize");
                    if (y == 0) { // status 0: the size changed
                        coverage.reset(w, h);
                    }
                }
                case ENC_CURSOR -> {
                    skip((long) w * h * BPP + (long) ((w + 7) / 8) * h);
                    count("cursor");
                }
                case ENC_QEMU_EXT_KEY -> count("qemu-ext-key");
                case ENC_DESKTOP_NAME -> {
                    name = text(in.readInt());
                    count("desktopname");
                }
                default -> throw new IOException("encoding " + enc + " not expected from the server");
            }
        }
    }

    /** Skips one Tight rectangle's data; returns its kind. */
    private String tight(int w, int h) throws IOException {
        int ctl = in.readUnsignedByte();
        int kind = ctl >> 4;
        if (kind == 0x8) {
            skip(TPIXEL);
            return "fill";
        }
        if (kind == 0x9) {
            skip(compactLength());
            return "jpeg";
        }
        if (kind == 0xA) {
            skip(compactLength());
            return "png";
        }
        if (kind > 0xA) {
            throw new IOException("bad Tight compression control " + ctl);
        }
        int filter = (ctl & 0x40) != 0 ? in.readUnsignedByte() : 0;
        long raw;
        String label;
        switch (filter) {
            case 0 -> {
                raw = (long) w * h * TPIXEL;
                label = "basic";
            }
            case 1 -> {
                int colours = in.readUnsignedByte() + 1;
                skip((long) colours * TPIXEL);
                raw = colours == 2 ? (long) ((w + 7) / 8) * h : (long) w * h;
                label = "palette";
            }
            case 2 -> {
                raw = (long) w * h * TPIXEL;
                label = "gradient";
            }
            default -> throw new IOException("bad Tight filter " + filter);
        }
        skip(raw < 12 ? raw : compactLength());
        return label;
    }

    private int compactLength() throws IOException {
        int b = in.readUnsignedByte();
        int len = b & 0x7F;
        if ((b & 0x80) != 0) {
            b = in.readUnsignedByte();
            len |= (b & 0x7F) << 7;
            if ((b & 0x80) != 0) {
                len |= in.readUnsignedByte() << 14;
            }
        }
        return len;
    }

    private void drawn(String kind, int x, int y, int w, int h) {
        coverage.add(x, y, w, h);
        count(kind);
    }

    private synchronized void count(String kind) {
        rects.merge(kind, 1L, Long::sum);
    }

    private void skip(long n) throws IOException {
        while (n > 0) {
            long s = in.skip(n);
            if (s <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("stream ended inside an RFB message");
                }
                s = 1;
            }
            n -= s;
        }
    }

    private String text(int length) throws IOException {
        if (length < 0 || length > MAX_TEXT) {
            throw new IOException("text length out of range: " + length);
        }
        return new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
    }

    /** True from the FramebufferUpdate that completed the first frame covering the screen. */
    boolean firstFrame() {
        return firstFrame;
    }

    long updates() {
        return updates;
    }

    /** Rectangles received, by encoding (and Tight compression kind). */
    synchronized Map<String, Long> rects() {
        return new TreeMap<>(rects);
    }

    String name() {
        return name;
    }

    int width() {
        return coverage.width();
    }

    int height() {
        return coverage.height();
    }

    static byte[] setPixelFormat() {
        // type, 3 padding, bpp 32, depth 24, little endian, true colour, max 255 x3, shifts 0 8 16, 3 padding
        return new byte[] {0, 0, 0, 0, 32, 24, 0, 1, 0, (byte) 255, 0, (byte) 255, 0, (byte) 255, 0, 8, 16, 0, 0, 0};
    }

    static byte[] setEncodings(int[] encodings) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(b);
        d.writeByte(2);
        d.writeByte(0);
        d.writeShort(encodings.length);
        for (int e : encodings) {
            d.writeInt(e);
        }
        return b.toByteArray();
    }

    static byte[] updateRequest(boolean incremental, int w, int h) {
        return new byte[] {3, (byte) (incremental ? 1 : 0), 0, 0, 0, 0, (byte) (w >> 8), (byte) w, (byte) (h >> 8),
            (byte) h};
    }

    /** KeyEvent, for typing through this client. */
    static byte[] keyEvent(boolean down, int keysym) {
        return new byte[] {4, (byte) (down ? 1 : 0), 0, 0, (byte) (keysym >>> 24), (byte) (keysym >>> 16),
            (byte) (keysym >>> 8), (byte) keysym};
    }

    /** VNC authentication: DES of the challenge, keyed by the bit-reversed password bytes. */
    static byte[] vncAuth(String password, byte[] challenge) throws IOException {
        byte[] key = new byte[8];
        byte[] pw = password.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < key.length && i < pw.length; i++) {
            key[i] = (byte) (Integer.reverse(pw[i] & 0xFF) >>> 24);
        }
        try {
            Cipher des = Cipher.getInstance("DES/ECB/NoPadding");
            des.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "DES"));
            return des.doFinal(challenge);
        } catch (GeneralSecurityException e) {
            throw new IOException("DES is not available", e);
        }
    }
}
