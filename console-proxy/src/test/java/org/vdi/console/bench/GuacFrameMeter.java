package org.vdi.console.bench;

import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.guacamole.protocol.GuacamoleInstruction;

/**
 * Counts what a Guacamole client receives, frame by frame: a frame ends with
 * {@code sync}. Tracks which part of the default layer images and copies have drawn, so
 * it can tell the first complete frame: the first {@code sync} after drawing that
 * covers the whole screen. Image sizes come from the PNG header in the first
 * {@code blob} of each {@code img} stream, as the instructions carry only the position.
 *
 * <p>NOTE: used by the client's reading thread only; {@link #syncs()} is read by others.
 */
final class GuacFrameMeter {

    private static final String DEFAULT_LAYER = "0";
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private final Coverage coverage = new Coverage();
    /** Open image streams on the default layer whose size is not known yet: stream to x, y. */
    private final Map<String, int[]> pending = new HashMap<>();
    private volatile long syncs;
    private volatile long images;
    private volatile long imageBytes;
    private boolean firstFrame;

    /**
     * Takes one received instruction.
     *
     * @return the timestamp to echo when it is a {@code sync}, else null
     */
    String accept(GuacamoleInstruction ins) {
        List<String> a = ins.getArgs();
        switch (ins.getOpcode()) {
            case "size":
                if (a.size() >= 3 && DEFAULT_LAYER.equals(a.get(0))) {
                    coverage.reset(Integer.parseInt(a.get(1)), Integer.parseInt(a.get(2)));
                }
                return null;
            case "img":
                // img stream mask layer mimetype x y
                if (a.size() >= 6 && DEFAULT_LAYER.equals(a.get(2))) {
                    pending.put(a.get(0), new int[] {Integer.parseInt(a.get(4)), Integer.parseInt(a.get(5))});
                    images++;
                }
                return null;
            case "blob":
                if (a.size() >= 2) {
                    byte[] data = Base64.getDecoder().decode(a.get(1));
                    imageBytes += data.length;
                    int[] at = pending.remove(a.get(0));
                    if (at != null) {
                        int[] size = pngSize(data);
                        coverage.add(at[0], at[1], size[0], size[1]);
                    }
                }
                return null;
            case "end":
                if (!a.isEmpty()) {
                    pending.remove(a.get(0));
                }
                return null;
            case "copy":
                // copy srcLayer srcX srcY w h mask dstLayer dstX dstY
                if (a.size() >= 9 && DEFAULT_LAYER.equals(a.get(6))) {
                    coverage.add(Integer.parseInt(a.get(7)), Integer.parseInt(a.get(8)),
                            Integer.parseInt(a.get(3)), Integer.parseInt(a.get(4)));
                }
                return null;
            case "sync":
                syncs++;
                if (!firstFrame && coverage.full()) {
                    firstFrame = true;
                }
                return a.isEmpty() ? null : a.get(0);
            default:
                return null;
        }
    }

    /** True from the {@code sync} that ended the first frame covering the whole screen. */
    boolean firstFrame() {
        return firstFrame;
    }

    long syncs() {
        return syncs;
    }

    long images() {
        return images;
    }

    /** Decoded image bytes (PNG) received. */
    long imageBytes() {
        return imageBytes;
    }

    /** Width and height from a PNG's IHDR chunk, which must come first. */
    static int[] pngSize(byte[] png) {
        if (png.length < 24) {
            throw new IllegalArgumentException("too short for a PNG header: " + png.length + " bytes");
        }
        for (int i = 0; i < PNG_SIGNATURE.length; i++) {
            if (png[i] != PNG_SIGNATURE[i]) {
                throw new IllegalArgumentException("not a PNG");
            }
        }
        if (png[12] != 'I' || png[13] != 'H' || png[14] != 'D' || png[15] != 'R') {
            throw new IllegalArgumentException("PNG does not start with IHDR");
        }
        return new int[] {u32(png, 16), u32(png, 20)};
    }

    private static int u32(byte[] b, int off) {
        return (b[off] & 0xFF) << 24 | (b[off + 1] & 0xFF) << 16 | (b[off + 2] & 0xFF) << 8 | (b[off + 3] & 0xFF);
    }
}
