package org.vdi.console.gateway;

import java.io.IOException;

/**
 * The arrow shown until the VNC server sends a cursor shape, and always when the
 * server draws the cursor itself ({@code cursor=remote}); guacd does the same, since
 * the Guacamole web client hides the browser's own pointer over the display.
 */
final class DefaultCursor {

    private static final String[] SHAPE = {
        "X          ",
        "XX         ",
        "X.X        ",
        "X..X       ",
        "X...X      ",
        "X....X     ",
        "X.....X    ",
        "X......X   ",
        "X.......X  ",
        "X........X ",
        "X.....XXXXX",
        "X..X..X    ",
        "X.X X..X   ",
        "XX  X..X   ",
        "X    X..X  ",
        "     XXXX  ",
    };

    private DefaultCursor() {
    }

    static void send(UpdateSink sink, boolean dot) throws IOException {
        if (dot) {
            // a small dot: the real pointer is in the desktop image
            int[] argb = new int[25];
            for (int i = 0; i < 25; i++) {
                int r = i / 5 - 2;
                int c = i % 5 - 2;
                int d = r * r + c * c;
                argb[i] = d <= 1 ? 0xFF000000 : d <= 5 ? 0xFFFFFFFF : 0;
            }
            sink.cursor(2, 2, 5, 5, argb);
            return;
        }
        int w = SHAPE[0].length();
        int h = SHAPE.length;
        int[] argb = new int[w * h];
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                char ch = SHAPE[r].charAt(c);
                argb[r * w + c] = ch == 'X' ? 0xFF000000 : ch == '.' ? 0xFFFFFFFF : 0;
            }
        }
        sink.cursor(0, 0, w, h, argb);
    }
}
