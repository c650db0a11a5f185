package org.vdi.console.gateway;

import java.util.ArrayList;
import java.util.List;

/**
 * The changed rectangles of the framebuffer not yet sent to the browser, merged where
 * one PNG for the union costs about as much as several for the parts (each image has
 * a fixed cost in the browser and on the wire).
 */
final class Damage {

    /** x, y, w, h. */
    record Rect(int x, int y, int w, int h) {
        long area() {
            return (long) w * h;
        }

        boolean intersects(int ox, int oy, int ow, int oh) {
            return x < ox + ow && ox < x + w && y < oy + oh && oy < y + h;
        }

        Rect union(Rect o) {
            int nx = Math.min(x, o.x);
            int ny = Math.min(y, o.y);
            return new Rect(nx, ny, Math.max(x + w, o.x + o.w) - nx, Math.max(y + h, o.y + o.h) - ny);
        }
    }

    private static final int MAX_RECTS = 64;
    /** Extra area (pixels) accepted to save one image. */
    private static final long PER_IMAGE_COST = 64 * 64;

    private final List<Rect> rects = new ArrayList<>();

    void add(int x, int y, int w, int h) {
        if (w <= 0 || h <= 0) {
            return;
        }
        rects.add(new Rect(x, y, w, h));
        if (rects.size() > MAX_RECTS) {
            Rect all = rects.get(0);
            for (Rect r : rects) {
                all = all.union(r);
            }
            rects.clear();
            rects.add(all);
        }
    }

    boolean isEmpty() {
        return rects.isEmpty();
    }

    boolean intersects(int x, int y, int w, int h) {
        for (Rect r : rects) {
            if (r.intersects(x, y, w, h)) {
                return true;
            }
        }
        return false;
    }

    void clear() {
        rects.clear();
    }

    /** The merged rectangles; empties this. */
    List<Rect> drain() {
        List<Rect> out = new ArrayList<>(rects);
        rects.clear();
        boolean merged = true;
        while (merged && out.size() > 1) {
            merged = false;
            outer:
            for (int i = 0; i < out.size(); i++) {
                for (int j = i + 1; j < out.size(); j++) {
                    Rect a = out.get(i);
                    Rect b = out.get(j);
                    Rect u = a.union(b);
                    if (u.area() <= a.area() + b.area() + PER_IMAGE_COST) {
                        out.set(i, u);
                        out.remove(j);
                        merged = true;
                        break outer;
                    }
                }
            }
        }
        return out;
    }
}
