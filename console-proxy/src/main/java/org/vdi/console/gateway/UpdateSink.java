package org.vdi.console.gateway;

import java.io.IOException;

/**
 * What one FramebufferUpdate did to the framebuffer, in the server's order, for the
 * side that tells the browser.
 */
interface UpdateSink {

    /** Pixels in the rectangle changed. */
    void damaged(int x, int y, int w, int h) throws IOException;

    /** A rectangle was copied (CopyRect); the framebuffer already holds the result. */
    void copied(int srcX, int srcY, int w, int h, int dstX, int dstY) throws IOException;

    /** The server's cursor shape; {@code argb} is empty for a hidden cursor. */
    void cursor(int hotX, int hotY, int w, int h, int[] argb) throws IOException;

    /** The desktop was resized; the framebuffer is new and blank. */
    void resized(int w, int h) throws IOException;
}
