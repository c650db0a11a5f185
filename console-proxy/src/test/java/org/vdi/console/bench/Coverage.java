package org.vdi.console.bench;

import java.util.BitSet;

/**
 * Which pixels of a screen some drawing has covered since the last reset: a frame is
 * complete when every pixel was drawn. Exact per pixel, because a first frame that
 * leaves a strip undrawn is not a first frame.
 */
final class Coverage {

    private int width;
    private int height;
    private BitSet covered = new BitSet();

    /** Starts over for a screen of this size (a resize invalidates what was drawn). */
    void reset(int w, int h) {
        width = Math.max(0, w);
        height = Math.max(0, h);
        covered = new BitSet(width * height);
    }

    /** Marks a rectangle, clipped to the screen. */
    void add(int x, int y, int w, int h) {
        int x0 = Math.max(0, x);
        int y0 = Math.max(0, y);
        int x1 = Math.min(width, x + w);
        int y1 = Math.min(height, y + h);
        for (int row = y0; row < y1 && x0 < x1; row++) {
            covered.set(row * width + x0, row * width + x1);
        }
    }

    /** True when the screen has a size and every pixel of it was drawn. */
    boolean full() {
        return width > 0 && height > 0 && covered.cardinality() == width * height;
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }
}
