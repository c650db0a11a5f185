package org.vdi.console.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Busy regions go JPEG only when allowed and only where there are many colours; they
 * come back as PNG once quiet, so a still screen ends up exact.
 */
class LossyRegionsTest {

    @Test
    void aTileBecomesBusyAfterThreeUpdatesWithinASecond() {
        LossyRegions r = new LossyRegions(200, 100);
        assertFalse(r.busy(0, 0, 64, 64, 1000));
        r.updated(0, 0, 64, 64, false, 1000);
        r.updated(0, 0, 64, 64, false, 1200);
        assertFalse(r.busy(0, 0, 64, 64, 1300), "two updates are not busy yet");
        r.updated(0, 0, 64, 64, false, 1400);
        assertTrue(r.busy(0, 0, 64, 64, 1500));
        assertTrue(r.busy(60, 60, 10, 10, 1500), "a rectangle touching the busy tile is busy");
        assertFalse(r.busy(130, 0, 64, 64, 1500), "other tiles are not");
        assertFalse(r.busy(0, 0, 64, 64, 2600), "a second later the tile has calmed down");
    }

    @Test
    void lossyTilesComeBackWhenQuietAndLosslessUpdatesCoveringThemClearThem() {
        LossyRegions r = new LossyRegions(150, 100);
        r.updated(10, 10, 100, 20, true, 1000); // touches tiles (0,0) and (1,0)
        assertTrue(r.anyLossy());
        r.updated(64, 0, 64, 64, false, 1100); // covers tile (1,0) whole
        r.updated(0, 0, 32, 32, false, 1100); // covers part of tile (0,0): stays lossy
        assertEquals(List.of(), r.takeQuiet(150, 100, 1200), "not quiet yet");
        List<Damage.Rect> quiet = r.takeQuiet(150, 100, 1400);
        assertEquals(List.of(new Damage.Rect(0, 0, 64, 64)), quiet);
        assertFalse(r.anyLossy());
    }

    @Test
    void edgeTilesAreClippedToTheScreen() {
        LossyRegions r = new LossyRegions(150, 100);
        r.updated(140, 90, 10, 10, true, 0);
        assertEquals(List.of(new Damage.Rect(128, 64, 22, 36)), r.takeQuiet(150, 100, 1000));
        r.updated(128, 64, 22, 36, true, 0);
        r.updated(128, 64, 22, 36, false, 10);
        assertFalse(r.anyLossy(), "a lossless update of the whole clipped edge tile clears it");
    }

    @Test
    void busyPhotographicRegionsGoJpegAndReturnAsPngWhenStill() throws Exception {
        Framebuffer fb = new Framebuffer(256, 128);
        Random random = new Random(9);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PngEncoder png = new PngEncoder(1); JpegEncoder jpeg = new JpegEncoder(0.75f)) {
            DisplayWriter w = new DisplayWriter(fb, new GuacOutput(bytes), png, new SyncGate(), jpeg);
            for (int frame = 0; frame < 5; frame++) {
                int[] px = fb.pixels();
                for (int i = 0; i < 128 * 128; i++) {
                    px[(i / 128) * 256 + i % 128] = 0xFF000000 | random.nextInt(); // "video" on the left
                }
                for (int i = 0; i < 128 * 128; i++) {
                    px[(i / 128) * 256 + 128 + i % 128] = (i + frame) % 7 == 0 ? 0xFFFFFFFF : 0xFF000000; // "text"
                }
                w.damaged(0, 0, 256, 128);
                w.endFrame();
            }
            String sent = bytes.toString(StandardCharsets.UTF_8);
            assertTrue(sent.contains("10.image/jpeg"), "the busy many-coloured region went JPEG");
            assertTrue(w.lossyPending());
            bytes.reset();

            Thread.sleep(LossyRegions.QUIET_MS + 50);
            assertTrue(w.refreshQuiet(), "the quiet lossy tiles are sent again");
            String refresh = bytes.toString(StandardCharsets.UTF_8);
            assertTrue(refresh.contains("9.image/png") && !refresh.contains("image/jpeg"), refresh);
            assertFalse(w.lossyPending(), "the screen is exact again");
        }
    }

    @Test
    void withoutAJpegEncoderEverythingStaysPng() throws Exception {
        Framebuffer fb = new Framebuffer(128, 128);
        Random random = new Random(4);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PngEncoder png = new PngEncoder(1)) {
            DisplayWriter w = new DisplayWriter(fb, new GuacOutput(bytes), png, new SyncGate());
            for (int frame = 0; frame < 5; frame++) {
                int[] px = fb.pixels();
                for (int i = 0; i < px.length; i++) {
                    px[i] = 0xFF000000 | random.nextInt();
                }
                w.damaged(0, 0, 128, 128);
                w.endFrame();
            }
            assertFalse(bytes.toString(StandardCharsets.UTF_8).contains("image/jpeg"));
            assertFalse(w.lossyPending());
        }
    }
}
