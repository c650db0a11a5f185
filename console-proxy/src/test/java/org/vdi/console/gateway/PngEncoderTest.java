package org.vdi.console.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Random;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

/** The PNG writer is lossless (checked with ImageIO's decoder) and fast enough for full frames. */
class PngEncoderTest {

    @Test
    void opaqueRectangleDecodesToTheSamePixels() throws Exception {
        int[] fb = new int[50 * 40];
        Random r = new Random(1);
        for (int i = 0; i < fb.length; i++) {
            fb[i] = 0xFF000000 | (i % 7 == 0 ? r.nextInt() : (i / 50) * 0x010203);
        }
        try (PngEncoder png = new PngEncoder(1)) {
            byte[] data = png.encode(fb, 50, 5, 3, 30, 20, false);
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(data));
            int[] expected = new int[30 * 20];
            for (int y = 0; y < 20; y++) {
                System.arraycopy(fb, (3 + y) * 50 + 5, expected, y * 30, 30);
            }
            assertArrayEquals(expected, img.getRGB(0, 0, 30, 20, null, 0, 30));
        }
    }

    /** Few colours give an indexed PNG of the smallest depth; more than 256 give RGB. Each decodes exactly. */
    @Test
    void fewColoursGiveAnIndexedPngOfTheSmallestDepth() throws Exception {
        int[][] cases = {{1, 3, 1}, {2, 3, 1}, {3, 3, 2}, {4, 3, 2}, {5, 3, 4}, {16, 3, 4}, {17, 3, 8}, {256, 3, 8},
            {257, 2, 8}, {5000, 2, 8}};
        Random r = new Random(3);
        for (int[] c : cases) {
            int colours = c[0];
            int[] palette = new int[colours];
            for (int i = 0; i < colours; i++) {
                palette[i] = 0xFF000000 | (i * 0x010307 + 0x10) & 0xFFFFFF;
            }
            int w = 83; // odd widths leave bits over at the end of packed rows
            int h = 71;
            int[] fb = new int[w * h];
            for (int i = 0; i < fb.length; i++) {
                fb[i] = palette[i < colours ? i : r.nextInt(colours)];
            }
            try (PngEncoder png = new PngEncoder(1)) {
                byte[] data = png.encode(fb, w, 0, 0, w, h, false);
                assertEquals(c[1], data[25], colours + " colours: colour type");
                assertEquals(c[2], data[24], colours + " colours: bit depth");
                BufferedImage img = ImageIO.read(new ByteArrayInputStream(data));
                assertArrayEquals(fb, img.getRGB(0, 0, w, h, null, 0, w), colours + " colours decode exactly");
            }
        }
    }

    @Test
    void aTwoColourTextRectangleIsFarSmallerIndexed() throws Exception {
        int w = 720;
        int h = 16;
        int[] fb = new int[w * h];
        Random r = new Random(5);
        for (int i = 0; i < fb.length; i++) {
            fb[i] = r.nextInt(6) == 0 ? 0xFFAAAAAA : 0xFF000000;
        }
        int[] rgbOnly = fb.clone();
        rgbOnly[0] = 0xFF000001; // still few colours: stays indexed
        try (PngEncoder png = new PngEncoder(1)) {
            byte[] indexed = png.encode(fb, w, 0, 0, w, h, false);
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(indexed));
            assertArrayEquals(fb, img.getRGB(0, 0, w, h, null, 0, w));
            assertTrue(indexed.length * 8 < w * h, "two colours take under one bit per pixel: " + indexed.length);
        }
    }

    @Test
    void alphaIsKeptForCursors() throws Exception {
        int[] cursor = {0xFF112233, 0, 0x80FFFFFF, 0xFF000000};
        try (PngEncoder png = new PngEncoder(1)) {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(png.encode(cursor, 2, 0, 0, 2, 2, true)));
            assertArrayEquals(cursor, img.getRGB(0, 0, 2, 2, null, 0, 2));
        }
    }

    /** Prints the figures for a 720x400 console frame (the guest's VGA text mode) and a noisy one. */
    @Test
    void fullConsoleFrameEncodesInFewMilliseconds() {
        BufferedImage text = new BufferedImage(720, 400, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = text.createGraphics();
        g.setColor(Color.LIGHT_GRAY);
        g.setFont(new Font(Font.MONOSPACED, Font.PLAIN, 14));
        Random r = new Random(7);
        for (int row = 0; row < 25; row++) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < 80; c++) {
                line.append(r.nextInt(5) == 0 ? ' ' : (char) ('!' + r.nextInt(90)));
            }
            g.drawString(line.toString(), 0, 14 + row * 16);
        }
        int[] console = text.getRGB(0, 0, 720, 400, null, 0, 720);
        int[] noise = new int[720 * 400];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = 0xFF000000 | r.nextInt();
        }
        try (PngEncoder png = new PngEncoder(1)) {
            for (int i = 0; i < 30; i++) {
                png.encode(console, 720, 0, 0, 720, 400, false);
            }
            long t0 = System.nanoTime();
            int n = 20;
            int bytes = 0;
            for (int i = 0; i < n; i++) {
                bytes = png.encode(console, 720, 0, 0, 720, 400, false).length;
            }
            double ms = (System.nanoTime() - t0) / 1e6 / n;
            long t1 = System.nanoTime();
            int noiseBytes = png.encode(noise, 720, 0, 0, 720, 400, false).length;
            double noiseMs = (System.nanoTime() - t1) / 1e6;
            System.out.printf("PNG 720x400 console frame: %.1f ms, %d bytes; random noise: %.1f ms, %d bytes%n",
                    ms, bytes, noiseMs, noiseBytes);
            assertTrue(ms < 200, "encoding a console frame took " + ms + " ms");
        }
    }
}
