package org.vdi.console.gateway;

import java.io.IOException;
import java.util.Base64;

/**
 * Tells the browser what the VNC server changed, in Guacamole drawing instructions:
 * changed areas as PNG streams ({@code img}, {@code blob}, {@code end}) on layer 0,
 * CopyRect as {@code copy}, the cursor through buffer layer -1 and {@code cursor},
 * resizes as {@code size}; each frame ends with {@code sync}.
 *
 * <p>NOTE: used by the display thread only.
 */
final class DisplayWriter implements UpdateSink {

    /** Raw bytes per {@code blob}: guacd's limit, which keeps each instruction under 8 KiB. */
    static final int BLOB_BYTES = 6048;
    /** Channel masks: draw over (opaque images) and replace. */
    private static final String OVER = "14";
    private static final String SRC = "12";
    private static final String CURSOR_LAYER = "-1";

    private final Framebuffer fb;
    private final GuacOutput out;
    private final PngEncoder png;
    private final SyncGate gate;
    private final Damage damage = new Damage();
    private int nextStream;
    private long imageBytes;
    private long encodeNanos;

    DisplayWriter(Framebuffer fb, GuacOutput out, PngEncoder png, SyncGate gate) {
        this.fb = fb;
        this.out = out;
        this.png = png;
        this.gate = gate;
    }

    /** The opening of a session: desktop name and size, before the first frame. */
    void begin(String name) throws IOException {
        out.write("name", name);
        out.write("size", "0", Integer.toString(fb.width()), Integer.toString(fb.height()));
    }

    @Override
    public void damaged(int x, int y, int w, int h) {
        damage.add(x, y, w, h);
    }

    @Override
    public void copied(int srcX, int srcY, int w, int h, int dstX, int dstY) throws IOException {
        // The browser copies what it has: unsent changes in the source must go first.
        if (damage.intersects(srcX, srcY, w, h)) {
            flushDamage();
        }
        out.write("copy", "0", Integer.toString(srcX), Integer.toString(srcY), Integer.toString(w),
                Integer.toString(h), SRC, "0", Integer.toString(dstX), Integer.toString(dstY));
    }

    @Override
    public void cursor(int hotX, int hotY, int w, int h, int[] argb) throws IOException {
        if (w == 0 || h == 0) {
            // hidden: a 1x1 transparent cursor
            w = 1;
            h = 1;
            argb = new int[1];
            hotX = 0;
            hotY = 0;
        }
        out.write("size", CURSOR_LAYER, Integer.toString(w), Integer.toString(h));
        image(CURSOR_LAYER, SRC, 0, 0, png.encode(argb, w, 0, 0, w, h, true));
        out.write("cursor", Integer.toString(hotX), Integer.toString(hotY), CURSOR_LAYER, "0", "0",
                Integer.toString(w), Integer.toString(h));
    }

    @Override
    public void resized(int w, int h) throws IOException {
        damage.clear();
        out.write("size", "0", Integer.toString(w), Integer.toString(h));
    }

    /**
     * Sends what is pending and ends the frame with {@code sync}.
     *
     * @return the frame's timestamp, which the browser echoes once it has drawn it
     */
    long endFrame() throws IOException {
        flushDamage();
        long ts = gate.next();
        out.write("sync", Long.toString(ts));
        out.flush();
        return ts;
    }

    private void flushDamage() throws IOException {
        for (Damage.Rect r : damage.drain()) {
            long t0 = System.nanoTime();
            byte[] data = png.encode(fb.pixels(), fb.width(), r.x(), r.y(), r.w(), r.h(), false);
            encodeNanos += System.nanoTime() - t0;
            image("0", OVER, r.x(), r.y(), data);
        }
    }

    private void image(String layer, String mask, int x, int y, byte[] data) throws IOException {
        String stream = Integer.toString(nextStream);
        nextStream = (nextStream + 1) % 64;
        out.write("img", stream, mask, layer, "image/png", Integer.toString(x), Integer.toString(y));
        Base64.Encoder b64 = Base64.getEncoder();
        for (int off = 0; off < data.length; off += BLOB_BYTES) {
            int len = Math.min(BLOB_BYTES, data.length - off);
            byte[] part = java.util.Arrays.copyOfRange(data, off, off + len);
            out.write("blob", stream, b64.encodeToString(part));
        }
        out.write("end", stream);
        imageBytes += data.length;
    }

    /** PNG bytes sent so far (for logs and measurements). */
    long imageBytes() {
        return imageBytes;
    }

    /** Time spent in PNG encoding so far. */
    long encodeNanos() {
        return encodeNanos;
    }
}
