package org.vdi.console.gateway;

import java.io.IOException;

/**
 * Decodes the rectangles of one FramebufferUpdate into the framebuffer: Raw, CopyRect,
 * Hextile, ZRLE, and the pseudo-encodings Cursor, DesktopSize, ExtendedDesktopSize and
 * LastRect. Every rectangle is checked against the framebuffer before its data is read.
 *
 * <p>NOTE: owned by the display thread, like the framebuffer it writes.
 */
final class UpdateDecoder implements AutoCloseable {

    /** Cursor shapes above this size are refused. */
    static final int MAX_CURSOR = 256;
    /**
     * Size changes one update may carry: a server sends one (DesktopSize or
     * ExtendedDesktopSize, some both). Each reallocates the framebuffer, up to
     * {@link Framebuffer#MAX_PIXELS} pixels, so a server repeating them would make the
     * gateway allocate gigabytes for a few bytes of input.
     */
    static final int MAX_RESIZES_PER_UPDATE = 2;

    private final Framebuffer fb;
    private final boolean swapRedBlue;
    private final ZrleDecoder zrle = new ZrleDecoder();
    private final HextileDecoder hextile = new HextileDecoder();
    private byte[] row = new byte[0];
    private int resizes;

    UpdateDecoder(Framebuffer fb, boolean swapRedBlue) {
        this.fb = fb;
        this.swapRedBlue = swapRedBlue;
    }

    /** Reads the body of a FramebufferUpdate (after its message type byte). */
    void update(RfbIn in, UpdateSink sink) throws IOException, GatewayException {
        in.u8(); // padding
        int count = in.u16();
        resizes = 0;
        for (int i = 0; i < count; i++) {
            int x = in.u16();
            int y = in.u16();
            int w = in.u16();
            int h = in.u16();
            int encoding = in.s32();
            if (encoding == RfbOut.ENC_LAST_RECT) {
                return;
            }
            rectangle(in, sink, x, y, w, h, encoding);
        }
    }

    private void rectangle(RfbIn in, UpdateSink sink, int x, int y, int w, int h, int encoding)
            throws IOException, GatewayException {
        switch (encoding) {
            case RfbOut.ENC_CURSOR:
                cursor(in, sink, x, y, w, h);
                return;
            case RfbOut.ENC_DESKTOP_SIZE:
                countResize();
                fb.resize(w, h);
                sink.resized(w, h);
                return;
            case RfbOut.ENC_EXT_DESKTOP_SIZE:
                extendedDesktopSize(in, sink, y, w, h);
                return;
            default:
                break;
        }
        if (!fb.contains(x, y, w, h)) {
            throw GatewayException.upstream("rectangle " + w + "x" + h + "+" + x + "+" + y + " outside the "
                    + fb.width() + "x" + fb.height() + " desktop");
        }
        switch (encoding) {
            case RfbOut.ENC_RAW:
                raw(in, x, y, w, h);
                break;
            case RfbOut.ENC_COPYRECT:
                int sx = in.u16();
                int sy = in.u16();
                if (!fb.contains(sx, sy, w, h)) {
                    throw GatewayException.upstream("CopyRect source outside the desktop");
                }
                fb.copy(sx, sy, w, h, x, y);
                sink.copied(sx, sy, w, h, x, y);
                return;
            case RfbOut.ENC_HEXTILE:
                hextile.decode(in, fb, x, y, w, h);
                break;
            case RfbOut.ENC_ZRLE:
                zrle.decode(in, fb, x, y, w, h);
                break;
            default:
                throw GatewayException.upstream("unrequested encoding " + encoding);
        }
        if (swapRedBlue) {
            fb.swapRedBlue(x, y, w, h);
        }
        sink.damaged(x, y, w, h);
    }

    private void raw(RfbIn in, int x, int y, int w, int h) throws IOException, GatewayException {
        if (row.length < w * 4) {
            row = new byte[w * 4];
        }
        int[] px = fb.pixels();
        for (int r = 0; r < h; r++) {
            in.readFully(row, 0, w * 4);
            int o = (y + r) * fb.width() + x;
            for (int c = 0, b = 0; c < w; c++, b += 4) {
                px[o + c] = 0xFF000000 | ((row[b + 2] & 0xFF) << 16) | ((row[b + 1] & 0xFF) << 8) | (row[b] & 0xFF);
            }
        }
    }

    /** Cursor pseudo-encoding: pixels in the gateway's format, then a 1-bit mask, MSB first. */
    private void cursor(RfbIn in, UpdateSink sink, int hotX, int hotY, int w, int h)
            throws IOException, GatewayException {
        if (w > MAX_CURSOR || h > MAX_CURSOR) {
            throw GatewayException.upstream("cursor of " + w + "x" + h + " is too large");
        }
        byte[] pixels = in.bytes((long) w * h * 4, MAX_CURSOR * MAX_CURSOR * 4, "cursor");
        int maskStride = (w + 7) / 8;
        byte[] mask = in.bytes((long) maskStride * h, MAX_CURSOR * MAX_CURSOR, "cursor mask");
        int[] argb = new int[w * h];
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                int i = r * w + c;
                boolean opaque = (mask[r * maskStride + c / 8] & (0x80 >> (c % 8))) != 0;
                int b = i * 4;
                int rgb = ((pixels[b + 2] & 0xFF) << 16) | ((pixels[b + 1] & 0xFF) << 8) | (pixels[b] & 0xFF);
                if (swapRedBlue) {
                    rgb = (rgb & 0x00FF00) | ((rgb >> 16) & 0xFF) | ((rgb & 0xFF) << 16);
                }
                argb[i] = opaque ? 0xFF000000 | rgb : 0;
            }
        }
        sink.cursor(Math.min(hotX, Math.max(w - 1, 0)), Math.min(hotY, Math.max(h - 1, 0)), w, h, argb);
    }

    /** ExtendedDesktopSize: y is the status; a non-zero status means the size did not change. */
    private void extendedDesktopSize(RfbIn in, UpdateSink sink, int status, int w, int h)
            throws IOException, GatewayException {
        int screens = in.u8();
        in.skip(3 + 16L * screens);
        if (status == 0 && (w != fb.width() || h != fb.height())) {
            countResize();
            fb.resize(w, h);
            sink.resized(w, h);
        }
    }

    private void countResize() throws GatewayException {
        if (++resizes > MAX_RESIZES_PER_UPDATE) {
            throw GatewayException.upstream("the server changed the desktop size more than "
                    + MAX_RESIZES_PER_UPDATE + " times in one update");
        }
    }

    @Override
    public void close() {
        zrle.close();
    }
}
