package org.vdi.console.gateway;

import java.io.IOException;

/**
 * ZRLE (RFB encoding 16) into the framebuffer: 64x64 tiles, each raw, solid, packed
 * palette, plain RLE or palette RLE, with 3-byte CPIXELs (the gateway's pixel format
 * keeps colour in the low three bytes).
 */
final class ZrleDecoder implements AutoCloseable {

    private static final int TILE = 64;
    /** Compressed data beyond the worst case of raw tiles is refused. */
    private static final long SLACK = 1 << 16;

    private final ZlibStream zlib = new ZlibStream();
    private final int[] palette = new int[128];

    void decode(RfbIn in, Framebuffer fb, int x, int y, int w, int h) throws IOException, GatewayException {
        long length = in.u32();
        long tiles = (long) ((w + TILE - 1) / TILE) * ((h + TILE - 1) / TILE);
        long worst = (long) w * h * 3 + tiles + SLACK;
        if (length > worst + worst / 1000 * 2 + 64) {
            throw GatewayException.upstream("ZRLE rectangle claims " + length + " bytes");
        }
        zlib.begin(in, length);
        int[] px = fb.pixels();
        int stride = fb.width();
        for (int ty = y; ty < y + h; ty += TILE) {
            int th = Math.min(TILE, y + h - ty);
            for (int tx = x; tx < x + w; tx += TILE) {
                int tw = Math.min(TILE, x + w - tx);
                tile(px, stride, tx, ty, tw, th);
            }
        }
        zlib.end();
    }

    private void tile(int[] px, int stride, int tx, int ty, int tw, int th) throws IOException, GatewayException {
        int sub = zlib.u8();
        if (sub == 0) {
            for (int row = 0; row < th; row++) {
                int o = (ty + row) * stride + tx;
                for (int col = 0; col < tw; col++) {
                    px[o + col] = cpixel();
                }
            }
        } else if (sub == 1) {
            int c = cpixel();
            for (int row = 0; row < th; row++) {
                int o = (ty + row) * stride + tx;
                java.util.Arrays.fill(px, o, o + tw, c);
            }
        } else if (sub <= 16) {
            packedPalette(px, stride, tx, ty, tw, th, sub);
        } else if (sub == 128) {
            rle(px, stride, tx, ty, tw, th, 0);
        } else if (sub >= 130) {
            rle(px, stride, tx, ty, tw, th, sub - 128);
        } else {
            throw GatewayException.upstream("invalid ZRLE subencoding " + sub);
        }
    }

    private void packedPalette(int[] px, int stride, int tx, int ty, int tw, int th, int size)
            throws IOException, GatewayException {
        readPalette(size);
        int bits = size == 2 ? 1 : size <= 4 ? 2 : 4;
        int mask = (1 << bits) - 1;
        for (int row = 0; row < th; row++) {
            int o = (ty + row) * stride + tx;
            int b = 0;
            int left = 0;
            for (int col = 0; col < tw; col++) {
                if (left == 0) {
                    b = zlib.u8();
                    left = 8;
                }
                left -= bits;
                int index = (b >> left) & mask;
                if (index >= size) {
                    throw GatewayException.upstream("ZRLE palette index out of range");
                }
                px[o + col] = palette[index];
            }
        }
    }

    /** Plain RLE when {@code paletteSize} is 0, palette RLE otherwise. */
    private void rle(int[] px, int stride, int tx, int ty, int tw, int th, int paletteSize)
            throws IOException, GatewayException {
        readPalette(paletteSize);
        int total = tw * th;
        int done = 0;
        while (done < total) {
            int color;
            int run = 1;
            if (paletteSize == 0) {
                color = cpixel();
                run = runLength(total - done);
            } else {
                int b = zlib.u8();
                int index = b & 0x7F;
                if (index >= paletteSize) {
                    throw GatewayException.upstream("ZRLE palette index out of range");
                }
                color = palette[index];
                if ((b & 0x80) != 0) {
                    run = runLength(total - done);
                }
            }
            for (int end = done + run; done < end; done++) {
                px[(ty + done / tw) * stride + tx + done % tw] = color;
            }
        }
    }

    private int runLength(int max) throws IOException, GatewayException {
        int run = 1;
        int b;
        do {
            b = zlib.u8();
            run += b;
            if (run > max) {
                throw GatewayException.upstream("ZRLE run beyond its tile");
            }
        } while (b == 255);
        return run;
    }

    private void readPalette(int size) throws IOException, GatewayException {
        for (int i = 0; i < size; i++) {
            palette[i] = cpixel();
        }
    }

    private int cpixel() throws IOException, GatewayException {
        int b = zlib.u8();
        int g = zlib.u8();
        int r = zlib.u8();
        return 0xFF000000 | (r << 16) | (g << 8) | b;
    }

    @Override
    public void close() {
        zlib.close();
    }
}
