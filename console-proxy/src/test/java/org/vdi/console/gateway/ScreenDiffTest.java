package org.vdi.console.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.apache.guacamole.io.ReaderGuacamoleReader;
import org.junit.jupiter.api.Test;

/**
 * The lossless path sends only what differs from what the browser shows, and a scroll as
 * a copy: the browser's picture (a {@link GuacCanvas} replaying every instruction) must be
 * the framebuffer pixel for pixel after every frame, whatever the screen does.
 */
class ScreenDiffTest {

    private static final int W = 720;
    private static final int H = 400;
    private static final int LINE = 16;

    @Test
    void aScrollIsFoundAndVerified() {
        int[] shown = textScreen(new Random(1), W, H, 0);
        int[] now = new int[shown.length];
        // three lines up, a new last line
        System.arraycopy(shown, 3 * LINE * W, now, 0, (H - 3 * LINE) * W);
        fillLines(now, new Random(2), H / LINE - 3, H / LINE);
        ScreenDiff.Scroll s = new ScreenDiff().scroll(now, shown, W, new Damage.Rect(0, 0, W, H));
        assertNotNull(s);
        assertEquals(3 * LINE, s.srcY());
        assertEquals(0, s.dstY());
        assertEquals(H - 3 * LINE, s.h());
    }

    @Test
    void noScrollWhereNothingMoved() {
        int[] shown = textScreen(new Random(1), W, H, 0);
        int[] now = textScreen(new Random(9), W, H, 0);
        assertNull(new ScreenDiff().scroll(now, shown, W, new Damage.Rect(0, 0, W, H)));
        assertNull(new ScreenDiff().scroll(shown.clone(), shown, W, new Damage.Rect(0, 0, W, H)), "unchanged");
    }

    @Test
    void onlyTheChangedColumnsOfAStripAreSent() {
        int[] shown = textScreen(new Random(1), W, H, 0);
        int[] now = shown.clone();
        now[5 * LINE * W + 100] ^= 0xFF;
        now[(5 * LINE + 3) * W + 130] ^= 0xFF;
        Damage out = new Damage();
        new ScreenDiff().changed(now, shown, W, new Damage.Rect(0, 0, W, H), out);
        assertEquals(java.util.List.of(new Damage.Rect(100, 5 * LINE, 31, LINE)), out.drain());
    }

    @Test
    void theBrowsersPictureStaysExactWhileTextScrollsAndChanges() throws Exception {
        Random random = new Random(7);
        Framebuffer fb = new Framebuffer(W, H);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        GuacCanvas canvas = new GuacCanvas();
        int copies = 0;
        try (PngEncoder png = new PngEncoder(1)) {
            GuacOutput out = new GuacOutput(bytes);
            DisplayWriter w = new DisplayWriter(fb, out, png, new SyncGate());
            w.begin("test");
            int[] px = fb.pixels();
            System.arraycopy(textScreen(random, W, H, 0), 0, px, 0, W * H);
            w.damaged(0, 0, W, H);
            w.endFrame();
            for (int frame = 0; frame < 40; frame++) {
                int kind = random.nextInt(4);
                if (kind < 2) {
                    // scroll up by 1..10 lines, as a console does, with new lines at the bottom
                    int n = 1 + random.nextInt(10);
                    System.arraycopy(px, n * LINE * W, px, 0, (H - n * LINE) * W);
                    fillLines(px, random, H / LINE - n, H / LINE);
                    w.damaged(0, 0, W, H);
                } else if (kind == 2) {
                    // a few characters change in place, the server sends a larger area
                    for (int k = 0; k < 5; k++) {
                        px[random.nextInt(H) * W + random.nextInt(W)] = 0xFF000000 | random.nextInt();
                    }
                    w.damaged(0, 64, W, 128);
                    w.damaged(0, 0, W, H);
                } else {
                    // scroll down within a window (an editor), the server reports the window
                    int top = 4 * LINE;
                    int bottom = 20 * LINE;
                    System.arraycopy(px, top * W, px, (top + LINE) * W, (bottom - top - LINE) * W);
                    fillLines(px, random, top / LINE, top / LINE + 1);
                    w.damaged(0, top, W, bottom - top);
                }
                w.endFrame();
                canvasCatchUp(canvas, bytes);
                assertEquals(W, canvas.screen.getWidth());
                for (int y = 0; y < H; y++) {
                    for (int x = 0; x < W; x++) {
                        int want = px[y * W + x] & 0xFFFFFF;
                        int got = canvas.screen.getRGB(x, y) & 0xFFFFFF;
                        if (want != got) {
                            throw new AssertionError("frame " + frame + " (kind " + kind + "): pixel " + x + "," + y
                                    + " is " + Integer.toHexString(got) + ", the framebuffer has "
                                    + Integer.toHexString(want));
                        }
                    }
                }
            }
            copies = (int) canvas.opcodes.stream().filter("copy"::equals).count();
        }
        assertTrue(copies >= 10, "scrolls went as copies: " + copies);
    }

    private int consumed;

    private void canvasCatchUp(GuacCanvas canvas, ByteArrayOutputStream bytes) throws Exception {
        byte[] all = bytes.toByteArray();
        ReaderGuacamoleReader r = new ReaderGuacamoleReader(new InputStreamReader(
                new ByteArrayInputStream(all, consumed, all.length - consumed), StandardCharsets.UTF_8));
        consumed = all.length;
        org.apache.guacamole.protocol.GuacamoleInstruction i;
        while ((i = r.readInstruction()) != null) {
            canvas.apply(i);
        }
    }

    /** A text console: lines of 16 rows, two colours, random "characters" of 9 columns. */
    static int[] textScreen(Random random, int w, int h, int seedLines) {
        int[] px = new int[w * h];
        java.util.Arrays.fill(px, 0xFF000000);
        fillLines(px, random, seedLines, h / LINE);
        return px;
    }

    static void fillLines(int[] px, Random random, int fromLine, int toLine) {
        for (int line = fromLine; line < toLine; line++) {
            int chars = random.nextInt(W / 9);
            for (int y = line * LINE; y < (line + 1) * LINE; y++) {
                java.util.Arrays.fill(px, y * W, (y + 1) * W, 0xFF000000);
            }
            for (int c = 0; c < chars; c++) {
                long glyph = random.nextLong();
                for (int gy = 0; gy < LINE; gy++) {
                    for (int gx = 0; gx < 8; gx++) {
                        if (((glyph >>> ((gy * 8 + gx) % 64)) & 1) != 0 && gy % 3 != 0) {
                            px[(line * LINE + gy) * W + c * 9 + gx] = 0xFFAAAAAA;
                        }
                    }
                }
            }
        }
    }
}
