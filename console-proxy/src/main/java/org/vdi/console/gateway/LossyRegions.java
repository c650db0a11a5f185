package org.vdi.console.gateway;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the screen is busy, in 64x64 tiles: a tile updated at least {@link #BUSY_UPDATES}
 * times within a second is busy (video, animation, scrolling photos), and its changes may
 * go as JPEG when the connection allows it. Tiles last sent lossy are remembered, and once
 * they have been quiet for {@link #QUIET_MS} they are sent again losslessly, so a screen
 * that stops moving ends up exact, as guacd does.
 *
 * <p>NOTE: used by the display thread only.
 */
final class LossyRegions {

    static final int TILE = 64;
    static final int BUSY_UPDATES = 3;
    static final long WINDOW_MS = 1000;
    static final long QUIET_MS = 300;

    private int width;
    private int height;
    private int cols;
    private int rows;
    private long[] windowStart;
    private int[] updates;
    private long[] lastUpdate;
    private boolean[] lossy;
    private int lossyCount;

    LossyRegions(int width, int height) {
        resize(width, height);
    }

    void resize(int width, int height) {
        this.width = width;
        this.height = height;
        cols = (width + TILE - 1) / TILE;
        rows = (height + TILE - 1) / TILE;
        int n = Math.max(1, cols * rows);
        windowStart = new long[n];
        updates = new int[n];
        lastUpdate = new long[n];
        lossy = new boolean[n];
        lossyCount = 0;
    }

    /** True when any tile under the rectangle has been busy within the last second. */
    boolean busy(int x, int y, int w, int h, long nowMs) {
        for (int t : tiles(x, y, w, h, false)) {
            if (updates[t] >= BUSY_UPDATES && nowMs - windowStart[t] <= WINDOW_MS) {
                return true;
            }
        }
        return false;
    }

    /**
     * Records an update of the rectangle. A lossy update marks every tile it touches;
     * a lossless one clears only the tiles it covers completely.
     */
    void updated(int x, int y, int w, int h, boolean wasLossy, long nowMs) {
        for (int t : tiles(x, y, w, h, false)) {
            if (updates[t] == 0 || nowMs - windowStart[t] > WINDOW_MS) {
                windowStart[t] = nowMs;
                updates[t] = 0;
            }
            updates[t]++;
            lastUpdate[t] = nowMs;
            if (wasLossy && !lossy[t]) {
                lossy[t] = true;
                lossyCount++;
            }
        }
        if (!wasLossy) {
            for (int t : tiles(x, y, w, h, true)) {
                if (lossy[t]) {
                    lossy[t] = false;
                    lossyCount--;
                }
            }
        }
    }

    boolean anyLossy() {
        return lossyCount > 0;
    }

    /**
     * The lossy tiles quiet for {@link #QUIET_MS}, as rectangles clipped to the screen;
     * they are no longer counted as lossy (the caller sends them losslessly now).
     */
    List<Damage.Rect> takeQuiet(int width, int height, long nowMs) {
        List<Damage.Rect> quiet = new ArrayList<>();
        for (int t = 0; t < lossy.length && lossyCount > 0; t++) {
            if (lossy[t] && nowMs - lastUpdate[t] >= QUIET_MS) {
                lossy[t] = false;
                lossyCount--;
                int x = (t % cols) * TILE;
                int y = (t / cols) * TILE;
                int w = Math.min(TILE, width - x);
                int h = Math.min(TILE, height - y);
                if (w > 0 && h > 0) {
                    quiet.add(new Damage.Rect(x, y, w, h));
                }
            }
        }
        return quiet;
    }

    /** Tiles the rectangle touches, or with {@code covered} only those it covers whole (edge tiles count whole). */
    private List<Integer> tiles(int x, int y, int w, int h, boolean covered) {
        List<Integer> out = new ArrayList<>();
        if (w <= 0 || h <= 0) {
            return out;
        }
        int c0 = Math.max(0, x / TILE);
        int r0 = Math.max(0, y / TILE);
        int c1 = Math.min(cols - 1, (x + w - 1) / TILE);
        int r1 = Math.min(rows - 1, (y + h - 1) / TILE);
        for (int r = r0; r <= r1; r++) {
            for (int c = c0; c <= c1; c++) {
                if (covered && !(x <= c * TILE && y <= r * TILE
                        && x + w >= Math.min((c + 1) * TILE, width) && y + h >= Math.min((r + 1) * TILE, height))) {
                    continue;
                }
                out.add(r * cols + c);
            }
        }
        return out;
    }
}
