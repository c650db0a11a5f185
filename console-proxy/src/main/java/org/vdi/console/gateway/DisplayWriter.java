package org.vdi.console.gateway;

import java.io.IOException;
import java.util.Base64;
import java.util.List;

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
    private static final String PNG = "image/png";
    private static final String JPEG = "image/jpeg";

    private final Framebuffer fb;
    private final GuacOutput out;
    private final PngEncoder png;
    private final SyncGate gate;
    private final Damage damage = new Damage();
    /**
     * What the browser's default layer shows, for the lossless path: only what differs
     * from it is sent (after a scroll moved what it has). Alpha 0 marks what the browser
     * has not been sent yet (every framebuffer pixel is opaque), so the first frame is
     * sent whole. Null on the lossy path, where the browser's pixels are not known exactly.
     */
    private final Framebuffer shown;
    private final ScreenDiff diff = new ScreenDiff();
    private final Damage changed = new Damage();
    /** Null when the connection forbids lossy images or the browser takes no JPEG. */
    private final JpegEncoder jpeg;
    private final LossyRegions regions;
    private int nextStream;
    private long imageBytes;
    private long encodeNanos;

    /** Smallest changed area (pixels) worth a JPEG; smaller ones stay PNG. */
    static final int MIN_LOSSY_AREA = 64 * 64;

    DisplayWriter(Framebuffer fb, GuacOutput out, PngEncoder png, SyncGate gate) {
        this(fb, out, png, gate, null);
    }

    DisplayWriter(Framebuffer fb, GuacOutput out, PngEncoder png, SyncGate gate, JpegEncoder jpeg) {
        this.fb = fb;
        this.out = out;
        this.png = png;
        this.gate = gate;
        this.jpeg = jpeg;
        this.regions = new LossyRegions(fb.width(), fb.height());
        this.shown = jpeg == null ? blank(fb.width(), fb.height()) : null;
    }

    private static Framebuffer blank(int w, int h) {
        try {
            Framebuffer f = new Framebuffer(w, h);
            f.fill(0, 0, w, h, 0);
            return f;
        } catch (GatewayException e) {
            throw new IllegalStateException("the framebuffer's own size was refused", e);
        }
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
        copy(srcX, srcY, w, h, dstX, dstY);
    }

    /** Tells the browser to copy within the default layer, as its copy of the screen does. */
    private void copy(int srcX, int srcY, int w, int h, int dstX, int dstY) throws IOException {
        out.write("copy", "0", Integer.toString(srcX), Integer.toString(srcY), Integer.toString(w),
                Integer.toString(h), SRC, "0", Integer.toString(dstX), Integer.toString(dstY));
        if (shown != null) {
            shown.copy(srcX, srcY, w, h, dstX, dstY);
        }
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
        image(CURSOR_LAYER, SRC, 0, 0, PNG, png.encode(argb, w, 0, 0, w, h, true));
        out.write("cursor", Integer.toString(hotX), Integer.toString(hotY), CURSOR_LAYER, "0", "0",
                Integer.toString(w), Integer.toString(h));
    }

    @Override
    public void resized(int w, int h) throws IOException {
        damage.clear();
        regions.resize(w, h);
        if (shown != null) {
            try {
                shown.resize(w, h);
            } catch (GatewayException e) {
                throw new IllegalStateException("the framebuffer's own size was refused", e);
            }
            shown.fill(0, 0, w, h, 0);
        }
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

    /** True while parts of the screen were last sent as JPEG and await their lossless refresh. */
    boolean lossyPending() {
        return jpeg != null && regions.anyLossy();
    }

    /**
     * Sends the lossy parts that have gone quiet again as PNG, so a still screen ends up
     * exact. Returns true when something was sent (the caller ends the frame).
     */
    boolean refreshQuiet() throws IOException {
        if (!lossyPending()) {
            return false;
        }
        List<Damage.Rect> quiet = regions.takeQuiet(fb.width(), fb.height(), nowMs());
        for (Damage.Rect r : quiet) {
            long t0 = System.nanoTime();
            byte[] data = png.encode(fb.pixels(), fb.width(), r.x(), r.y(), r.w(), r.h(), false);
            encodeNanos += System.nanoTime() - t0;
            image("0", OVER, r.x(), r.y(), PNG, data);
        }
        return !quiet.isEmpty();
    }

    private void flushDamage() throws IOException {
        if (shown != null) {
            flushDifferences();
            return;
        }
        long now = nowMs();
        for (Damage.Rect r : damage.drain()) {
            long t0 = System.nanoTime();
            boolean lossy = jpeg != null && r.area() >= MIN_LOSSY_AREA
                    && regions.busy(r.x(), r.y(), r.w(), r.h(), now)
                    && !png.indexable(fb.pixels(), fb.width(), r.x(), r.y(), r.w(), r.h());
            byte[] data = lossy
                    ? jpeg.encode(fb.pixels(), fb.width(), r.x(), r.y(), r.w(), r.h())
                    : png.encode(fb.pixels(), fb.width(), r.x(), r.y(), r.w(), r.h(), false);
            encodeNanos += System.nanoTime() - t0;
            image("0", OVER, r.x(), r.y(), lossy ? JPEG : PNG, data);
            if (jpeg != null) {
                regions.updated(r.x(), r.y(), r.w(), r.h(), lossy, now);
            }
        }
    }

    /**
     * The lossless path: scrolls as copies first (the browser applies them in order, and
     * each is found against what the browser shows after the ones before), then PNGs of
     * what still differs.
     */
    private void flushDifferences() throws IOException {
        List<Damage.Rect> rects = damage.drain();
        int[] px = fb.pixels();
        int stride = fb.width();
        long t0 = System.nanoTime();
        for (Damage.Rect r : rects) {
            ScreenDiff.Scroll s = diff.scroll(px, shown.pixels(), stride, r);
            if (s != null) {
                copy(s.x(), s.srcY(), s.w(), s.h(), s.x(), s.dstY());
            }
        }
        List<Damage.Rect> send = new java.util.ArrayList<>();
        for (Damage.Rect r : rects) {
            diff.changed(px, shown.pixels(), stride, r, changed);
            List<Damage.Rect> parts = changed.drain();
            long area = 0;
            for (Damage.Rect c : parts) {
                area += c.area();
            }
            // mostly changed (a first frame, a new screen): one image of the whole, not one per strip,
            // so the browser decodes one PNG rather than dozens
            if (area * 2 > r.area()) {
                send.add(r);
            } else {
                send.addAll(parts);
            }
        }
        for (Damage.Rect r : send) {
            byte[] data = png.encode(px, stride, r.x(), r.y(), r.w(), r.h(), false);
            image("0", OVER, r.x(), r.y(), PNG, data);
            int[] to = shown.pixels();
            for (int row = r.y(); row < r.y() + r.h(); row++) {
                System.arraycopy(px, row * stride + r.x(), to, row * stride + r.x(), r.w());
            }
        }
        encodeNanos += System.nanoTime() - t0;
    }

    private static long nowMs() {
        return System.nanoTime() / 1_000_000;
    }

    private void image(String layer, String mask, int x, int y, String mimetype, byte[] data) throws IOException {
        String stream = Integer.toString(nextStream);
        nextStream = (nextStream + 1) % 64;
        out.write("img", stream, mask, layer, mimetype, Integer.toString(x), Integer.toString(y));
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
