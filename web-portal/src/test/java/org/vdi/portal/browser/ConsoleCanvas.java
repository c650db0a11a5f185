package org.vdi.portal.browser;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.imageio.ImageIO;

/**
 * The remote display as the console page draws it: the pixels of the
 * Guacamole display's default layer, cropped to the remote screen's size (the
 * layer's canvas is larger, in steps of 64), read through the canvas API as a
 * lossless PNG. Pixels are 0xRRGGBB, row by row.
 */
record ConsoleCanvas(int width, int height, int[] rgb) {

    private static final String READ = """
            const host = document.getElementById('display');
            const w = Number(host.dataset.width), h = Number(host.dataset.height);
            const src = host.querySelector('canvas');
            if (!src || !w || !h) return null;
            const c = document.createElement('canvas');
            c.width = w; c.height = h;
            c.getContext('2d').drawImage(src, 0, 0, w, h, 0, 0, w, h);
            return c.toDataURL('image/png');
            """;

    static ConsoleCanvas read(BrowserSession b) {
        return fromDataUrl(b.script(READ));
    }

    /** A picture the page handed over as a PNG data URL (what {@code canvas.toDataURL} gives). */
    static ConsoleCanvas fromDataUrl(Object url) {
        assertTrue(url instanceof String s && s.startsWith("data:image/png;base64,"), "no canvas on the page: " + url);
        byte[] png = Base64.getDecoder().decode(((String) url).substring("data:image/png;base64,".length()));
        try {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
            int w = img.getWidth();
            int h = img.getHeight();
            int[] rgb = img.getRGB(0, 0, w, h, null, 0, w);
            for (int i = 0; i < rgb.length; i++) {
                rgb[i] &= 0xFFFFFF;
            }
            return new ConsoleCanvas(w, h, rgb);
        } catch (IOException e) {
            throw new UncheckedIOException("the canvas's PNG cannot be read", e);
        }
    }

    /** How many distinct colours the picture has (a blank screen has one). */
    int colours() {
        Set<Integer> seen = new HashSet<>();
        for (int p : rgb) {
            seen.add(p);
            if (seen.size() > 16) {
                break;
            }
        }
        return seen.size();
    }

    /** The scaled display lies inside the stage and is not empty. */
    static void assertFits(BrowserSession b) {
        Object r = b.script("""
                const d = document.getElementById('display').firstElementChild.getBoundingClientRect();
                const s = document.getElementById('stage').getBoundingClientRect();
                return [d.left - s.left, d.top - s.top, s.right - d.right, s.bottom - d.bottom, d.width, d.height];
                """);
        @SuppressWarnings("unchecked")
        List<Number> v = (List<Number>) r;
        for (int i = 0; i < 4; i++) {
            assertTrue(v.get(i).doubleValue() > -1, "the display overflows the stage: " + v);
        }
        assertTrue(v.get(4).doubleValue() > 50 && v.get(5).doubleValue() > 20, "the display is too small: " + v);
    }

    BufferedImage image() {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, width, height, rgb, 0, width);
        return img;
    }

    @Override
    public String toString() {
        return width + "x" + height + ", " + colours() + (colours() > 16 ? "+" : "") + " colours";
    }
}
