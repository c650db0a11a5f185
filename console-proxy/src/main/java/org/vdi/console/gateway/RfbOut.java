package org.vdi.console.gateway;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Client-to-server RFB messages. Input events come from the client's thread and update
 * requests from the display thread, so every message is written and flushed whole.
 */
final class RfbOut {

    static final int ENC_RAW = 0;
    static final int ENC_COPYRECT = 1;
    static final int ENC_HEXTILE = 5;
    static final int ENC_ZRLE = 16;
    static final int ENC_CURSOR = -239;
    static final int ENC_DESKTOP_SIZE = -223;
    static final int ENC_LAST_RECT = -224;
    static final int ENC_EXT_DESKTOP_SIZE = -308;

    private final OutputStream out;

    RfbOut(OutputStream out) {
        this.out = out;
    }

    // NOTE: synchronized on this object: the only lock, held for one message each.
    synchronized void write(byte[] message) throws IOException {
        out.write(message);
        out.flush();
    }

    /** SetPixelFormat: 32 bits per pixel, depth 24, little-endian, true colour, red at bit 16. */
    void setPixelFormat() throws IOException {
        write(new byte[] {0, 0, 0, 0, 32, 24, 0, 1, 0, (byte) 255, 0, (byte) 255, 0, (byte) 255, 16, 8, 0, 0, 0, 0});
    }

    void setEncodings(int[] encodings) throws IOException {
        byte[] m = new byte[4 + 4 * encodings.length];
        m[0] = 2;
        putU16(m, 2, encodings.length);
        for (int i = 0; i < encodings.length; i++) {
            putS32(m, 4 + 4 * i, encodings[i]);
        }
        write(m);
    }

    void updateRequest(boolean incremental, int width, int height) throws IOException {
        byte[] m = new byte[10];
        m[0] = 3;
        m[1] = (byte) (incremental ? 1 : 0);
        putU16(m, 6, width);
        putU16(m, 8, height);
        write(m);
    }

    void key(boolean down, int keysym) throws IOException {
        byte[] m = new byte[8];
        m[0] = 4;
        m[1] = (byte) (down ? 1 : 0);
        putS32(m, 4, keysym);
        write(m);
    }

    void pointer(int buttonMask, int x, int y) throws IOException {
        byte[] m = new byte[6];
        m[0] = 5;
        m[1] = (byte) buttonMask;
        putU16(m, 2, x);
        putU16(m, 4, y);
        write(m);
    }

    void cutText(byte[] text) throws IOException {
        byte[] m = new byte[8 + text.length];
        m[0] = 6;
        putS32(m, 4, text.length);
        System.arraycopy(text, 0, m, 8, text.length);
        write(m);
    }

    private static void putU16(byte[] b, int off, int v) {
        b[off] = (byte) (v >> 8);
        b[off + 1] = (byte) v;
    }

    private static void putS32(byte[] b, int off, int v) {
        b[off] = (byte) (v >> 24);
        b[off + 1] = (byte) (v >> 16);
        b[off + 2] = (byte) (v >> 8);
        b[off + 3] = (byte) v;
    }
}
