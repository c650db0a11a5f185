package org.vdi.console.gateway;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.zip.Deflater;

/** Builds RFB server byte streams for decoder tests, with one zlib stream for ZRLE like a real server. */
final class RfbStream {

    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final DataOutputStream out = new DataOutputStream(bytes);
    private final Deflater zlib = new Deflater();

    RfbStream update(int rectangles) throws IOException {
        out.writeByte(0); // padding (the type byte is read by the loop)
        out.writeShort(rectangles);
        return this;
    }

    RfbStream rect(int x, int y, int w, int h, int encoding) throws IOException {
        out.writeShort(x);
        out.writeShort(y);
        out.writeShort(w);
        out.writeShort(h);
        out.writeInt(encoding);
        return this;
    }

    RfbStream u8(int... values) throws IOException {
        for (int v : values) {
            out.writeByte(v);
        }
        return this;
    }

    RfbStream u16(int v) throws IOException {
        out.writeShort(v);
        return this;
    }

    /** A 32-bit pixel in the gateway's format (B, G, R, pad). */
    RfbStream pixel(int rgb) throws IOException {
        return u8(rgb & 0xFF, (rgb >> 8) & 0xFF, (rgb >> 16) & 0xFF, 0);
    }

    /** ZRLE data: length-prefixed, sync-flushed chunk of the connection's zlib stream. */
    RfbStream zrle(byte[] tiles) throws IOException {
        zlib.setInput(tiles);
        byte[] buf = new byte[tiles.length * 2 + 64];
        int n = zlib.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
        out.writeInt(n);
        out.write(buf, 0, n);
        return this;
    }

    byte[] toByteArray() {
        return bytes.toByteArray();
    }

    /** Tile bytes with 3-byte CPIXELs. */
    static final class Tiles {
        final ByteArrayOutputStream b = new ByteArrayOutputStream();

        Tiles u8(int... values) {
            for (int v : values) {
                b.write(v);
            }
            return this;
        }

        Tiles cpixel(int rgb) {
            return u8(rgb & 0xFF, (rgb >> 8) & 0xFF, (rgb >> 16) & 0xFF);
        }

        byte[] bytes() {
            return b.toByteArray();
        }
    }
}
