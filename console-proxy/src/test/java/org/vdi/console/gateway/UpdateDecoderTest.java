package org.vdi.console.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.guacamole.protocol.GuacamoleStatus;
import org.junit.jupiter.api.Test;

/** Each RFB decoder against hand-built byte streams. */
class UpdateDecoderTest {

    static final int R = 0xFF0000;
    static final int G = 0x00FF00;
    static final int B = 0x0000FF;
    static final int W = 0xFFFFFF;

    Framebuffer fb;
    final List<String> events = new ArrayList<>();
    int[] cursor;

    final UpdateSink sink = new UpdateSink() {
        @Override
        public void damaged(int x, int y, int w, int h) {
            events.add("damaged " + x + "," + y + " " + w + "x" + h);
        }

        @Override
        public void copied(int sx, int sy, int w, int h, int dx, int dy) {
            events.add("copied " + sx + "," + sy + " " + w + "x" + h + " to " + dx + "," + dy);
        }

        @Override
        public void cursor(int hotX, int hotY, int w, int h, int[] argb) {
            events.add("cursor " + hotX + "," + hotY + " " + w + "x" + h);
            cursor = argb;
        }

        @Override
        public void resized(int w, int h) {
            events.add("resized " + w + "x" + h);
        }
    };

    void decode(int width, int height, RfbStream s) throws Exception {
        decode(width, height, s, false);
    }

    void decode(int width, int height, RfbStream s, boolean swap) throws Exception {
        if (fb == null) {
            fb = new Framebuffer(width, height);
        }
        try (UpdateDecoder d = new UpdateDecoder(fb, swap)) {
            d.update(new RfbIn(new ByteArrayInputStream(s.toByteArray())), sink);
        }
    }

    int px(int x, int y) {
        return fb.pixels()[y * fb.width() + x] & 0xFFFFFF;
    }

    @Test
    void raw() throws Exception {
        decode(4, 2, new RfbStream().update(1).rect(1, 0, 2, 2, 0).pixel(R).pixel(G).pixel(B).pixel(W));
        assertEquals(List.of("damaged 1,0 2x2"), events);
        assertEquals(R, px(1, 0));
        assertEquals(G, px(2, 0));
        assertEquals(B, px(1, 1));
        assertEquals(W, px(2, 1));
        assertEquals(0, px(0, 0));
        assertEquals(0xFF000000, fb.pixels()[1] & 0xFF000000);
    }

    @Test
    void rawWithSwappedRedAndBlue() throws Exception {
        decode(1, 1, new RfbStream().update(1).rect(0, 0, 1, 1, 0).pixel(R), true);
        assertEquals(B, px(0, 0));
    }

    @Test
    void copyRectWithOverlap() throws Exception {
        RfbStream s = new RfbStream().update(2).rect(0, 0, 3, 1, 0).pixel(R).pixel(G).pixel(B)
                .rect(1, 0, 2, 1, 1).u16(0).u16(0);
        decode(3, 1, s);
        assertEquals(List.of("damaged 0,0 3x1", "copied 0,0 2x1 to 1,0"), events);
        assertEquals(R, px(0, 0));
        assertEquals(R, px(1, 0));
        assertEquals(G, px(2, 0));
    }

    @Test
    void copyRectFromOutsideIsRefused() {
        RfbStream s = stream(st -> st.update(1).rect(0, 0, 2, 2, 1).u16(3).u16(0));
        GatewayException e = assertThrows(GatewayException.class, () -> decode(4, 4, s));
        assertEquals(GuacamoleStatus.UPSTREAM_ERROR, e.getStatus());
    }

    @Test
    void zrleRawAndSolidTiles() throws Exception {
        // 66x1: two tiles, a 64x1 solid one and a 2x1 raw one
        RfbStream s = new RfbStream().update(2).rect(0, 0, 66, 1, 16)
                .zrle(new RfbStream.Tiles().u8(1).cpixel(G).u8(0).cpixel(R).cpixel(B).bytes())
                .rect(0, 1, 2, 1, 16)
                .zrle(new RfbStream.Tiles().u8(1).cpixel(W).bytes());
        decode(66, 2, s);
        assertEquals(G, px(0, 0));
        assertEquals(G, px(63, 0));
        assertEquals(R, px(64, 0));
        assertEquals(B, px(65, 0));
        assertEquals(W, px(1, 1));
        assertEquals(List.of("damaged 0,0 66x1", "damaged 0,1 2x1"), events);
    }

    @Test
    void zrlePackedPalette() throws Exception {
        // 3x2 tile, palette of 2 (1 bit per pixel, rows padded to a byte): 101 / 010
        decode(3, 2, new RfbStream().update(1).rect(0, 0, 3, 2, 16)
                .zrle(new RfbStream.Tiles().u8(2).cpixel(R).cpixel(B).u8(0b1010_0000, 0b0100_0000).bytes()));
        assertEquals(B, px(0, 0));
        assertEquals(R, px(1, 0));
        assertEquals(B, px(2, 0));
        assertEquals(R, px(0, 1));
        assertEquals(B, px(1, 1));
        // palette of 5 (4 bits): 0 4 3 / 1 2 0
        fb = null;
        decode(3, 2, new RfbStream().update(1).rect(0, 0, 3, 2, 16)
                .zrle(new RfbStream.Tiles().u8(5).cpixel(R).cpixel(G).cpixel(B).cpixel(W).cpixel(0x123456)
                        .u8(0x04, 0x30, 0x12, 0x00).bytes()));
        assertEquals(R, px(0, 0));
        assertEquals(0x123456, px(1, 0));
        assertEquals(W, px(2, 0));
        assertEquals(G, px(0, 1));
        assertEquals(B, px(1, 1));
        assertEquals(R, px(2, 1));
    }

    @Test
    void zrlePlainRle() throws Exception {
        // 300 pixels of a 20x15 tile: 1 red, then 299 green (run 299 = 1 + 255 + 43)
        decode(20, 15, new RfbStream().update(1).rect(0, 0, 20, 15, 16)
                .zrle(new RfbStream.Tiles().u8(128).cpixel(R).u8(0).cpixel(G).u8(255, 43).bytes()));
        assertEquals(R, px(0, 0));
        assertEquals(G, px(1, 0));
        assertEquals(G, px(19, 14));
    }

    @Test
    void zrlePaletteRle() throws Exception {
        // 4x1: palette {R, B}; index 1 alone, then index 0 with run 3
        decode(4, 1, new RfbStream().update(1).rect(0, 0, 4, 1, 16)
                .zrle(new RfbStream.Tiles().u8(130).cpixel(R).cpixel(B).u8(1).u8(0x80, 2).bytes()));
        assertEquals(B, px(0, 0));
        assertEquals(R, px(1, 0));
        assertEquals(R, px(3, 0));
    }

    @Test
    void zrleRunBeyondTheTileIsRefused() {
        RfbStream s = stream(st -> st.update(1).rect(0, 0, 2, 1, 16)
                .zrle(new RfbStream.Tiles().u8(128).cpixel(R).u8(5).bytes()));
        assertThrows(GatewayException.class, () -> decode(2, 1, s));
    }

    @Test
    void zrleTruncatedZlibIsRefused() throws Exception {
        RfbStream full = new RfbStream().update(1).rect(0, 0, 2, 1, 16)
                .zrle(new RfbStream.Tiles().u8(0).cpixel(R).cpixel(G).bytes());
        byte[] bytes = full.toByteArray();
        // claim only the zlib header and one byte of the deflate data
        int lengthAt = 3 + 12;
        bytes[lengthAt + 2] = 0;
        bytes[lengthAt + 3] = 3;
        fb = new Framebuffer(2, 1);
        try (UpdateDecoder d = new UpdateDecoder(fb, false)) {
            assertThrows(GatewayException.class,
                    () -> d.update(new RfbIn(new ByteArrayInputStream(bytes)), sink));
        }
    }

    @Test
    void hextileBackgroundForegroundAndSubrects() throws Exception {
        // one 4x4 tile: background R, foreground B, one subrect 2x1 at (1,2)
        decode(4, 4, new RfbStream().update(1).rect(0, 0, 4, 4, 5)
                .u8(2 | 4 | 8).pixel(R).pixel(B).u8(1).u8(0x12, 0x10));
        assertEquals(R, px(0, 0));
        assertEquals(B, px(1, 2));
        assertEquals(B, px(2, 2));
        assertEquals(R, px(3, 2));
    }

    @Test
    void cursorWithMask() throws Exception {
        decode(8, 8, new RfbStream().update(1).rect(1, 1, 2, 2, -239)
                .pixel(R).pixel(G).pixel(B).pixel(W).u8(0b1000_0000, 0b0100_0000));
        assertEquals(List.of("cursor 1,1 2x2"), events);
        assertArrayEquals(new int[] {0xFFFF0000, 0, 0, 0xFFFFFFFF}, cursor);
    }

    @Test
    void desktopSizeAndExtendedDesktopSize() throws Exception {
        decode(8, 8, new RfbStream().update(2).rect(0, 0, 16, 4, -223)
                .rect(0, 0, 20, 10, -308).u8(1, 0, 0, 0).u8(new int[16]));
        assertEquals(List.of("resized 16x4", "resized 20x10"), events);
        assertEquals(20, fb.width());
    }

    @Test
    void lastRectEndsTheUpdateEarly() throws Exception {
        decode(2, 2, new RfbStream().update(5).rect(0, 0, 0, 0, -224));
        assertTrue(events.isEmpty());
    }

    @Test
    void rectangleOutsideTheDesktopIsRefusedBeforeItsDataIsRead() {
        RfbStream s = stream(st -> st.update(1).rect(60000, 60000, 60000, 60000, 0));
        GatewayException e = assertThrows(GatewayException.class, () -> decode(8, 8, s));
        assertTrue(e.getMessage().contains("outside"));
    }

    @Test
    void unknownEncodingAndOversizedCursorAreRefused() {
        assertThrows(GatewayException.class, () -> decode(8, 8, stream(st -> st.update(1).rect(0, 0, 1, 1, 7))));
        fb = null;
        assertThrows(GatewayException.class,
                () -> decode(8, 8, stream(st -> st.update(1).rect(0, 0, 4000, 4000, -239))));
    }

    @Test
    void truncatedRawIsTheServerGoingAway() {
        RfbStream s = stream(st -> st.update(1).rect(0, 0, 2, 2, 0).pixel(R));
        GatewayException e = assertThrows(GatewayException.class, () -> decode(2, 2, s));
        assertEquals(GuacamoleStatus.UPSTREAM_UNAVAILABLE, e.getStatus());
        assertEquals(0xFF000000, Arrays.stream(fb.pixels()).reduce(0xFF000000, (a, b) -> a & b));
    }

    interface Build {
        void build(RfbStream s) throws IOException;
    }

    static RfbStream stream(Build b) {
        RfbStream s = new RfbStream();
        try {
            b.build(s);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return s;
    }
}
