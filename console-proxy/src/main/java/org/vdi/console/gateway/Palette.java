package org.vdi.console.gateway;

import java.util.Arrays;

/**
 * The distinct colours of a rectangle, when there are at most 256 of them: text
 * consoles and most desktop chrome draw with a handful, and an indexed PNG of
 * those is several times smaller than 24-bit RGB (two colours take one bit per
 * pixel before deflate).
 *
 * <p>NOTE: not thread-safe; owned by one {@link PngEncoder}.
 */
final class Palette {

    static final int MAX = 256;
    private static final int SLOTS = 1024; // open addressing, at most a quarter full
    private static final int EMPTY = 0; // keys are stored as colour | 0x01000000, never 0

    private final int[] keys = new int[SLOTS];
    private final short[] index = new short[SLOTS];
    private final int[] colours = new int[MAX];
    private int size;

    /**
     * Collects the rectangle's colours (alpha ignored); returns how many there
     * are, or -1 as soon as there are more than {@link #MAX}.
     */
    int collect(int[] argb, int stride, int x, int y, int w, int h) {
        Arrays.fill(keys, EMPTY);
        size = 0;
        // the last two colours seen are known: text alternates between two
        int last = -1;
        int before = -1;
        for (int r = 0; r < h; r++) {
            int p = (y + r) * stride + x;
            for (int c = 0; c < w; c++) {
                int rgb = argb[p + c] & 0xFFFFFF;
                if (rgb == last) {
                    continue;
                }
                if (rgb != before && slot(rgb, true) < 0) {
                    return -1;
                }
                before = last;
                last = rgb;
            }
        }
        return size;
    }

    /** The palette index of a colour that {@link #collect} saw. */
    int indexOf(int argb) {
        return index[slot(argb & 0xFFFFFF, false)];
    }

    int size() {
        return size;
    }

    /** The {@code i}th colour as 0xRRGGBB. */
    int colour(int i) {
        return colours[i];
    }

    private int slot(int rgb, boolean add) {
        int key = rgb | 0x01000000;
        int s = (rgb * 0x9E3779B1) >>> 22; // 10 bits: SLOTS == 1024
        while (true) {
            int k = keys[s];
            if (k == key) {
                return s;
            }
            if (k == EMPTY) {
                if (!add) {
                    throw new IllegalStateException("colour not collected: " + Integer.toHexString(rgb));
                }
                if (size == MAX) {
                    return -1;
                }
                keys[s] = key;
                index[s] = (short) size;
                colours[size++] = rgb;
                return s;
            }
            s = (s + 1) & (SLOTS - 1);
        }
    }
}
