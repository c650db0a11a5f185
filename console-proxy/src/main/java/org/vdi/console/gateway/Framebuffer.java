package org.vdi.console.gateway;

/**
 * The gateway's copy of the desktop, one ARGB int per pixel. It is what lets CopyRect
 * and ZRLE refer to earlier content and what PNGs are cut from, so the browser gets
 * exactly the server's pixels.
 *
 * <p>NOTE: owned by the session's display thread; no other thread touches it.
 */
final class Framebuffer {

    /** Larger desktops are refused: one session must not hold more than 64 MiB of pixels. */
    static final int MAX_PIXELS = 4096 * 4096;
    static final int MAX_SIDE = 8192;

    private int width;
    private int height;
    private int[] pixels;

    Framebuffer(int width, int height) throws GatewayException {
        resize(width, height);
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    /** The pixel array, row-major with stride {@link #width()}. */
    int[] pixels() {
        return pixels;
    }

    /**
     * A new size, all black. The array is kept when it is large enough (everything reads
     * it with stride {@link #width()}), so a server that keeps changing the size costs
     * one array of the largest size it asked for, not a new one per change.
     */
    void resize(int w, int h) throws GatewayException {
        if (w <= 0 || h <= 0 || w > MAX_SIDE || h > MAX_SIDE || (long) w * h > MAX_PIXELS) {
            throw GatewayException.upstream("desktop size out of range: " + w + "x" + h);
        }
        width = w;
        height = h;
        if (pixels == null || pixels.length < w * h) {
            // NOTE: grown at least twofold (up to the largest size allowed), so a server that
            // grows its desktop by a little, update after update, costs at most twice the
            // largest array in all, not one new array per step
            int grown = pixels == null ? w * h : (int) Math.min(MAX_PIXELS, 2L * pixels.length);
            pixels = new int[Math.max(w * h, grown)];
        }
        java.util.Arrays.fill(pixels, 0, w * h, 0xFF000000);
    }

    /** Whether the rectangle lies inside the framebuffer (empty ones always do when anchored inside). */
    boolean contains(int x, int y, int w, int h) {
        return x >= 0 && y >= 0 && w >= 0 && h >= 0 && x + w <= width && y + h <= height;
    }

    void fill(int x, int y, int w, int h, int argb) {
        for (int row = y; row < y + h; row++) {
            int start = row * width + x;
            java.util.Arrays.fill(pixels, start, start + w, argb);
        }
    }

    /** Copies a rectangle within the framebuffer; source and destination may overlap. */
    void copy(int sx, int sy, int w, int h, int dx, int dy) {
        if (dy > sy) {
            for (int row = h - 1; row >= 0; row--) {
                System.arraycopy(pixels, (sy + row) * width + sx, pixels, (dy + row) * width + dx, w);
            }
        } else {
            for (int row = 0; row < h; row++) {
                System.arraycopy(pixels, (sy + row) * width + sx, pixels, (dy + row) * width + dx, w);
            }
        }
    }

    /** For servers that send red and blue the wrong way round (guacd's swap-red-blue). */
    void swapRedBlue(int x, int y, int w, int h) {
        for (int row = y; row < y + h; row++) {
            for (int i = row * width + x, end = i + w; i < end; i++) {
                int p = pixels[i];
                pixels[i] = (p & 0xFF00FF00) | ((p >> 16) & 0xFF) | ((p & 0xFF) << 16);
            }
        }
    }
}
