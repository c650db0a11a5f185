package org.vdi.console.gateway;

import java.io.IOException;

/**
 * Hextile (RFB encoding 5): 16x16 tiles, raw or a background with solid subrectangles.
 * Background and foreground colours carry over from tile to tile within a rectangle.
 */
final class HextileDecoder {

    private static final int RAW = 1;
    private static final int BACKGROUND = 2;
    private static final int FOREGROUND = 4;
    private static final int ANY_SUBRECTS = 8;
    private static final int SUBRECTS_COLOURED = 16;

    private final byte[] pixel = new byte[4];

    void decode(RfbIn in, Framebuffer fb, int x, int y, int w, int h) throws IOException, GatewayException {
        int bg = 0xFF000000;
        int fg = 0xFFFFFFFF;
        int[] px = fb.pixels();
        int stride = fb.width();
        for (int ty = y; ty < y + h; ty += 16) {
            int th = Math.min(16, y + h - ty);
            for (int tx = x; tx < x + w; tx += 16) {
                int tw = Math.min(16, x + w - tx);
                int mask = in.u8();
                if ((mask & RAW) != 0) {
                    for (int r = 0; r < th; r++) {
                        for (int c = 0; c < tw; c++) {
                            px[(ty + r) * stride + tx + c] = pixel(in);
                        }
                    }
                    continue;
                }
                if ((mask & BACKGROUND) != 0) {
                    bg = pixel(in);
                }
                fb.fill(tx, ty, tw, th, bg);
                if ((mask & FOREGROUND) != 0) {
                    fg = pixel(in);
                }
                if ((mask & ANY_SUBRECTS) == 0) {
                    continue;
                }
                int count = in.u8();
                for (int i = 0; i < count; i++) {
                    int color = (mask & SUBRECTS_COLOURED) != 0 ? pixel(in) : fg;
                    int xy = in.u8();
                    int wh = in.u8();
                    int sx = xy >> 4;
                    int sy = xy & 15;
                    int sw = (wh >> 4) + 1;
                    int sh = (wh & 15) + 1;
                    if (sx + sw > tw || sy + sh > th) {
                        throw GatewayException.upstream("Hextile subrectangle outside its tile");
                    }
                    fb.fill(tx + sx, ty + sy, sw, sh, color);
                }
            }
        }
    }

    private int pixel(RfbIn in) throws IOException, GatewayException {
        in.readFully(pixel, 0, 4);
        return 0xFF000000 | ((pixel[2] & 0xFF) << 16) | ((pixel[1] & 0xFF) << 8) | (pixel[0] & 0xFF);
    }
}
