package org.vdi.console.bench;

import java.util.Base64;
import java.util.List;

import org.apache.guacamole.protocol.GuacamoleInstruction;

/**
 * Counts what a Guacamole client receives, frame by frame: a frame ends with
 * {@code sync}. The first frame is the first {@code sync} after the default layer was
 * drawn on (an image, a copy, or a filled path of {@code rect}s) since its {@code size}:
 * the built-in gateway and guacd both send the whole of the VNC server's first, full
 * update in one frame. (guacd leaves out what equals its blank start, such as a black
 * corner, so whether the drawing covers the screen cannot tell the two apart.) Image
 * bytes are the decoded {@code blob}s.
 *
 * <p>NOTE: used by the client's reading thread only; {@link #syncs()} is read by others.
 */
final class GuacFrameMeter {

    private static final String DEFAULT_LAYER = "0";

    private volatile long syncs;
    private volatile long images;
    private volatile long imageBytes;
    /** The default layer has a size and was drawn on since. */
    private boolean sized;
    private boolean drawn;
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
                    sized = true;
                    drawn = false;
                }
                return null;
            case "img":
                // img stream mask layer mimetype x y
                if (a.size() >= 6 && DEFAULT_LAYER.equals(a.get(2))) {
                    images++;
                    drawn = sized;
                }
                return null;
            case "blob":
                if (a.size() >= 2) {
                    imageBytes += Base64.getDecoder().decode(a.get(1)).length;
                }
                return null;
            case "cfill":
            case "lfill":
                // cfill mask layer r g b a; lfill mask layer srclayer: fill the path of rect instructions
                if (a.size() >= 2 && DEFAULT_LAYER.equals(a.get(1))) {
                    drawn = sized;
                }
                return null;
            case "copy":
                // copy srcLayer srcX srcY w h mask dstLayer dstX dstY
                if (a.size() >= 9 && DEFAULT_LAYER.equals(a.get(6))) {
                    drawn = sized;
                }
                return null;
            case "sync":
                syncs++;
                if (!firstFrame && drawn) {
                    firstFrame = true;
                }
                return a.isEmpty() ? null : a.get(0);
            default:
                return null;
        }
    }

    /** True from the {@code sync} that ended the first frame with drawing on the default layer. */
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
}
