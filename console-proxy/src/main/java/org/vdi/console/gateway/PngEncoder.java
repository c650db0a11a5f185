package org.vdi.console.gateway;

import java.io.ByteArrayOutputStream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Lossless PNG for rectangles of the framebuffer: indexed colour (1, 2, 4 or 8 bits per
 * pixel) when the rectangle has at most 256 colours, as text and desktop chrome do;
 * otherwise 8-bit RGB (or RGBA for cursors), one filter per row chosen among None, Sub
 * and Up by the usual minimum-sum heuristic. Fast deflate. javax.imageio is several
 * times slower on desktop content.
 *
 * <p>NOTE: not thread-safe; each session's display thread has its own.
 */
final class PngEncoder implements AutoCloseable {

    private static final byte[] SIGNATURE = {(byte) 137, 80, 78, 71, 13, 10, 26, 10};

    private final Deflater deflater;
    private byte[] raw = new byte[0];
    private byte[] prev = new byte[0];
    private byte[] cur = new byte[0];
    private final byte[] chunk = new byte[1 << 16];
    private final Palette palette = new Palette();

    PngEncoder(int level) {
        deflater = new Deflater(level);
    }

    /** True when the rectangle has at most 256 colours (text, chrome): PNG is exact and small there. */
    boolean indexable(int[] argb, int stride, int x, int y, int w, int h) {
        return palette.collect(argb, stride, x, y, w, h) > 0;
    }

    /** Encodes the {@code w}x{@code h} rectangle at ({@code x},{@code y}) of an ARGB array. */
    byte[] encode(int[] argb, int stride, int x, int y, int w, int h, boolean alpha) {
        if (!alpha && palette.collect(argb, stride, x, y, w, h) > 0) {
            return encodeIndexed(argb, stride, x, y, w, h);
        }
        int bpp = alpha ? 4 : 3;
        int rowBytes = w * bpp;
        int size = (rowBytes + 1) * h;
        if (raw.length < size) {
            raw = new byte[size];
        }
        if (cur.length < rowBytes) {
            cur = new byte[rowBytes];
            prev = new byte[rowBytes];
        }
        java.util.Arrays.fill(prev, 0, rowBytes, (byte) 0);
        int o = 0;
        for (int r = 0; r < h; r++) {
            int p = (y + r) * stride + x;
            for (int c = 0, b = 0; c < w; c++) {
                int v = argb[p + c];
                cur[b++] = (byte) (v >> 16);
                cur[b++] = (byte) (v >> 8);
                cur[b++] = (byte) v;
                if (alpha) {
                    cur[b++] = (byte) (v >>> 24);
                }
            }
            o = filterRow(o, rowBytes, bpp, r > 0);
            byte[] t = prev;
            prev = cur;
            cur = t;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(size / 4 + 64);
        header(out, w, h, 8, alpha ? 6 : 2);
        return finish(out, o);
    }

    /**
     * Palette PNG: the smallest bit depth that holds the palette's indices, rows packed
     * from the most significant bit and filtered with None (the PNG specification's advice
     * for indexed images: the differences of indices mean nothing).
     */
    private byte[] encodeIndexed(int[] argb, int stride, int x, int y, int w, int h) {
        int colours = palette.size();
        int depth = colours <= 2 ? 1 : colours <= 4 ? 2 : colours <= 16 ? 4 : 8;
        int rowBytes = (w * depth + 7) / 8;
        int size = (rowBytes + 1) * h;
        if (raw.length < size) {
            raw = new byte[size];
        }
        int o = 0;
        // the last two colours and their indices: text alternates between its two, so most
        // pixels need no palette lookup
        int rgbA = -1;
        int indexA = 0;
        int rgbB = -1;
        int indexB = 0;
        for (int r = 0; r < h; r++) {
            raw[o++] = 0;
            int p = (y + r) * stride + x;
            int acc = 0;
            int bits = 0;
            for (int c = 0; c < w; c++) {
                int rgb = argb[p + c] & 0xFFFFFF;
                int index;
                if (rgb == rgbA) {
                    index = indexA;
                } else if (rgb == rgbB) {
                    index = indexB;
                    rgbB = rgbA;
                    indexB = indexA;
                    rgbA = rgb;
                    indexA = index;
                } else {
                    index = palette.indexOf(rgb);
                    rgbB = rgbA;
                    indexB = indexA;
                    rgbA = rgb;
                    indexA = index;
                }
                // rows are packed from the most significant bit
                acc = (acc << depth) | index;
                bits += depth;
                if (bits == 8) {
                    raw[o++] = (byte) acc;
                    acc = 0;
                    bits = 0;
                }
            }
            if (bits > 0) {
                raw[o++] = (byte) (acc << (8 - bits));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(size / 4 + 64 + colours * 3);
        header(out, w, h, depth, 3);
        byte[] plte = new byte[colours * 3];
        for (int i = 0; i < colours; i++) {
            int rgb = palette.colour(i);
            plte[i * 3] = (byte) (rgb >> 16);
            plte[i * 3 + 1] = (byte) (rgb >> 8);
            plte[i * 3 + 2] = (byte) rgb;
        }
        writeChunk(out, "PLTE", plte, plte.length);
        return finish(out, o);
    }

    private static void header(ByteArrayOutputStream out, int w, int h, int depth, int colourType) {
        out.writeBytes(SIGNATURE);
        byte[] ihdr = new byte[13];
        putInt(ihdr, 0, w);
        putInt(ihdr, 4, h);
        ihdr[8] = (byte) depth;
        ihdr[9] = (byte) colourType;
        writeChunk(out, "IHDR", ihdr, 13);
    }

    /** Deflates the first {@code o} bytes of the filtered rows into IDAT chunks and ends the file. */
    private byte[] finish(ByteArrayOutputStream out, int o) {
        deflater.reset();
        deflater.setInput(raw, 0, o);
        deflater.finish();
        while (!deflater.finished()) {
            int n = deflater.deflate(chunk);
            writeChunk(out, "IDAT", chunk, n);
        }
        writeChunk(out, "IEND", chunk, 0);
        return out.toByteArray();
    }

    /** Writes the row in {@code cur} with the cheapest of three filters; returns the new offset. */
    private int filterRow(int o, int n, int bpp, boolean hasPrev) {
        long none = 0;
        long sub = 0;
        long up = 0;
        for (int i = 0; i < n; i++) {
            int v = cur[i];
            none += Math.abs(v);
            sub += Math.abs((byte) (v - (i >= bpp ? cur[i - bpp] : 0)));
            up += Math.abs((byte) (v - (hasPrev ? prev[i] : 0)));
        }
        if (none <= sub && none <= up) {
            raw[o++] = 0;
            System.arraycopy(cur, 0, raw, o, n);
        } else if (sub <= up) {
            raw[o++] = 1;
            for (int i = 0; i < n; i++) {
                raw[o + i] = (byte) (cur[i] - (i >= bpp ? cur[i - bpp] : 0));
            }
        } else {
            raw[o++] = 2;
            for (int i = 0; i < n; i++) {
                raw[o + i] = (byte) (cur[i] - prev[i]);
            }
        }
        return o + n;
    }

    private static void writeChunk(ByteArrayOutputStream out, String type, byte[] data, int len) {
        byte[] header = new byte[8];
        putInt(header, 0, len);
        for (int i = 0; i < 4; i++) {
            header[4 + i] = (byte) type.charAt(i);
        }
        CRC32 crc = new CRC32();
        crc.update(header, 4, 4);
        crc.update(data, 0, len);
        out.write(header, 0, 8);
        out.write(data, 0, len);
        byte[] c = new byte[4];
        putInt(c, 0, (int) crc.getValue());
        out.write(c, 0, 4);
    }

    private static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >> 24);
        b[off + 1] = (byte) (v >> 16);
        b[off + 2] = (byte) (v >> 8);
        b[off + 3] = (byte) v;
    }

    @Override
    public void close() {
        deflater.end();
    }
}
