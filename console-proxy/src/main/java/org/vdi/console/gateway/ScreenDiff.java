package org.vdi.console.gateway;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * What the browser must still be told about a damaged rectangle, found by comparing the
 * framebuffer with what the browser already shows: a vertical scroll as one
 * {@code copy}, then only the strips of {@link #STRIP} rows that still differ, each cut
 * to its changed columns.
 *
 * <p>Why: when a text console scrolls, QEMU's VNC server sends every row that changed,
 * which is all of them, and re-encoding those as PNG was most of the gateway's CPU and
 * bytes per frame. The browser can move what it has with one {@code copy}; after that
 * only the new lines differ. Rows are compared exactly, so the picture stays the
 * server's pixel for pixel; the row hashes only propose the distance.
 *
 * <p>NOTE: owned by the display thread; keeps no state between calls but scratch arrays.
 */
final class ScreenDiff {

    /** Rows compared and sent together: a text console's line is 16 pixels high. */
    static final int STRIP = 16;
    /** Rectangles narrower or lower than this are not searched for a scroll. */
    static final int MIN_SCROLL_W = 64;
    static final int MIN_SCROLL_H = 2 * STRIP;
    /** Row pairs that must agree on the distance before it is verified. */
    static final int MIN_VOTES = 3;
    /**
     * Every how many rows of the new picture ask where they were before: the distance
     * only needs a few votes, and hashing is most of the search's cost.
     */
    static final int VOTER_SPACING = 4;

    /** A scroll within a rectangle: rows {@code srcY..srcY+h} move to {@code dstY} at columns {@code x..x+w}. */
    record Scroll(int x, int srcY, int w, int h, int dstY) {
    }

    private int[] nowHash = new int[0];
    private int[] shownHash = new int[0];
    private int[] votes = new int[0];

    /**
     * The scroll that makes the most rows of {@code r} in {@code shown} equal to {@code now},
     * or null when none saves at least one strip.
     */
    Scroll scroll(int[] now, int[] shown, int stride, Damage.Rect r) {
        int w = r.w();
        int h = r.h();
        if (w < MIN_SCROLL_W || h < MIN_SCROLL_H) {
            return null;
        }
        grow(h);
        for (int i = 0; i < h; i++) {
            int off = (r.y() + i) * stride + r.x();
            shownHash[i] = rowHash(shown, off, w);
        }
        // where each row's content was shown before; rows of one colour say nothing
        Map<Integer, Integer> before = new HashMap<>(h * 2);
        for (int j = h - 1; j >= 0; j--) {
            before.put(shownHash[j], j);
        }
        Arrays.fill(votes, 0, 2 * h, 0);
        int best = 0;
        int bestVotes = 0;
        for (int i = 0; i < h; i += VOTER_SPACING) {
            int off = (r.y() + i) * stride + r.x();
            nowHash[i] = rowHash(now, off, w);
            if (nowHash[i] == shownHash[i] || uniform(now, off, w)) {
                continue;
            }
            Integer j = before.get(nowHash[i]);
            if (j != null && j != i) {
                int d = i - j + h;
                if (++votes[d] > bestVotes) {
                    bestVotes = votes[d];
                    best = i - j;
                }
            }
        }
        if (bestVotes < MIN_VOTES) {
            return null;
        }
        return band(now, shown, stride, r, best);
    }

    /** The longest run of rows equal to the shown rows {@code dy} above (below, when negative), if it pays. */
    private Scroll band(int[] now, int[] shown, int stride, Damage.Rect r, int dy) {
        int w = r.w();
        int h = r.h();
        int from = Math.max(0, dy);
        int to = Math.min(h, h + dy);
        for (int i = from; i < to; i++) {
            nowHash[i] = rowHash(now, row(r, stride, i), w);
        }
        int runStart = -1;
        int bestStart = 0;
        int bestLen = 0;
        int gain = 0;
        int bestGain = 0;
        for (int i = from; i <= to; i++) {
            boolean eq = i < to && nowHash[i] == shownHash[i - dy] && Arrays.equals(now, row(r, stride, i),
                    row(r, stride, i) + w, shown, row(r, stride, i - dy), row(r, stride, i - dy) + w);
            if (eq) {
                if (runStart < 0) {
                    runStart = i;
                    gain = 0;
                }
                if (nowHash[i] != shownHash[i]) {
                    gain++;
                }
            } else if (runStart >= 0) {
                if (gain > bestGain) {
                    bestGain = gain;
                    bestStart = runStart;
                    bestLen = i - runStart;
                }
                runStart = -1;
            }
        }
        if (bestGain < STRIP) {
            return null;
        }
        return new Scroll(r.x(), r.y() + bestStart - dy, w, bestLen, r.y() + bestStart);
    }

    /**
     * Adds to {@code out} the parts of {@code r} where {@code now} and {@code shown} differ:
     * per strip of rows, the span from the first to the last differing column.
     */
    void changed(int[] now, int[] shown, int stride, Damage.Rect r, Damage out) {
        int end = r.y() + r.h();
        for (int sy = r.y(); sy < end; sy += STRIP) {
            int sh = Math.min(STRIP, end - sy);
            int left = Integer.MAX_VALUE;
            int right = -1;
            for (int y = sy; y < sy + sh; y++) {
                int off = y * stride + r.x();
                int first = Arrays.mismatch(now, off, off + r.w(), shown, off, off + r.w());
                if (first < 0) {
                    continue;
                }
                left = Math.min(left, first);
                int last = r.w() - 1;
                while (last > right && now[off + last] == shown[off + last]) {
                    last--;
                }
                right = Math.max(right, last);
            }
            if (right >= 0) {
                out.add(r.x() + left, sy, right - left + 1, sh);
            }
        }
    }

    private static int row(Damage.Rect r, int stride, int i) {
        return (r.y() + i) * stride + r.x();
    }

    /** A hash of every fourth pixel of a row: a proposal only, equality is checked pixel by pixel. */
    private static int rowHash(int[] px, int off, int w) {
        int hash = 1;
        for (int i = off, end = off + w; i < end; i += 4) {
            hash = 31 * hash + px[i];
        }
        return hash;
    }

    private static boolean uniform(int[] px, int off, int w) {
        int c = px[off];
        for (int i = off + 1, end = off + w; i < end; i++) {
            if (px[i] != c) {
                return false;
            }
        }
        return true;
    }

    private void grow(int h) {
        if (nowHash.length < h) {
            nowHash = new int[h];
            shownHash = new int[h];
            votes = new int[2 * h];
        }
    }
}
