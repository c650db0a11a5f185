package org.vdi.portal.browser;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;

import javax.imageio.ImageIO;

import org.vdi.portal.it.Virsh;
import org.vdi.portal.it.Wait;

/**
 * The console page's canvas against the guest's screen as QEMU itself shows it
 * ({@code virsh screenshot}, a PPM or PNG), pixel for pixel. The text cursor of the
 * guest's VGA console blinks, so one pair of pictures may differ only by the
 * moment they were taken: each try reads the canvas, then virsh, then the
 * canvas again, and counts as equal when virsh's picture equals either canvas
 * read exactly. The tries are bounded; the result says how close it came.
 */
record PixelComparison(boolean equal, int tries, int fewestDifferences, String where, String size) {

    private static final Duration PAUSE = Duration.ofMillis(170);

    static PixelComparison untilEqual(BrowserSession b, String domain, int maxTries) {
        return compare(domain, maxTries, () -> ConsoleCanvas.read(b));
    }

    /**
     * A picture the page drew earlier (such as its first frame) against the guest's
     * screen now: equal when one of a few screenshots, taken as the cursor blinks,
     * equals it exactly.
     */
    static PixelComparison frameEqualsGuest(ConsoleCanvas frame, String domain, int maxTries) {
        return compare(domain, maxTries, () -> frame);
    }

    /** What QEMU shows on the domain's display now ({@code virsh screenshot}). */
    static ConsoleCanvas guestScreen(String domain) {
        try {
            Path img = Files.createTempFile("vdi-screenshot-", ".img");
            try {
                Virsh.ok("screenshot", domain, img.toString());
                return readScreenshot(Files.readAllBytes(img));
            } finally {
                Files.deleteIfExists(img);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot take virsh screenshot of " + domain, e);
        }
    }

    /** How many pixels differ (sizes that differ count as all of them). */
    static int differences(ConsoleCanvas a, ConsoleCanvas b) {
        Diff d = diff(a, b);
        return d.count();
    }

    private static PixelComparison compare(String domain, int maxTries, Supplier<ConsoleCanvas> page) {
        Path dir = BrowserSession.screenshotDir();
        int fewest = Integer.MAX_VALUE;
        String where = "";
        String size = "";
        try {
            Files.createDirectories(dir);
            for (int i = 1; i <= maxTries; i++) {
                ConsoleCanvas before = page.get();
                ConsoleCanvas guest = guestScreen(domain);
                ConsoleCanvas after = page.get();
                size = "guest " + guest.width() + "x" + guest.height() + ", canvas " + after.width() + "x"
                        + after.height();
                for (ConsoleCanvas shown : new ConsoleCanvas[] {before, after}) {
                    Diff d = diff(guest, shown);
                    if (d.count() < fewest) {
                        fewest = d.count();
                        where = d.box();
                        ImageIO.write(guest.image(), "png", dir.resolve("console-pixels-virsh.png").toFile());
                        ImageIO.write(shown.image(), "png", dir.resolve("console-pixels-canvas.png").toFile());
                    }
                    if (d.count() == 0) {
                        return new PixelComparison(true, i, 0, "", size);
                    }
                }
                Wait.sleep(PAUSE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compare the console with virsh screenshot", e);
        }
        return new PixelComparison(false, maxTries, fewest, where, size);
    }

    private record Diff(int count, String box) {
    }

    private static Diff diff(ConsoleCanvas guest, ConsoleCanvas page) {
        if (guest.width() != page.width() || guest.height() != page.height()) {
            return new Diff(Integer.MAX_VALUE - 1, "sizes differ");
        }
        int n = 0;
        int x0 = Integer.MAX_VALUE;
        int y0 = Integer.MAX_VALUE;
        int x1 = -1;
        int y1 = -1;
        for (int y = 0; y < guest.height(); y++) {
            for (int x = 0; x < guest.width(); x++) {
                int i = y * guest.width() + x;
                if (guest.rgb()[i] != page.rgb()[i]) {
                    n++;
                    x0 = Math.min(x0, x);
                    y0 = Math.min(y0, y);
                    x1 = Math.max(x1, x);
                    y1 = Math.max(y1, y);
                }
            }
        }
        return new Diff(n, n == 0 ? "" : "in (" + x0 + "," + y0 + ")-(" + x1 + "," + y1 + ")");
    }

    /**
     * What virsh wrote: a binary PPM (P6) from QEMU's screendump, or a PNG where
     * libvirt and QEMU agree on that format.
     */
    static ConsoleCanvas readScreenshot(byte[] data) throws IOException {
        if (data.length > 8 && (data[0] & 0xFF) == 0x89 && data[1] == 'P' && data[2] == 'N' && data[3] == 'G') {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(data));
            int w = img.getWidth();
            int h = img.getHeight();
            int[] rgb = img.getRGB(0, 0, w, h, null, 0, w);
            for (int i = 0; i < rgb.length; i++) {
                rgb[i] &= 0xFFFFFF;
            }
            return new ConsoleCanvas(w, h, rgb);
        }
        return readPpm(data);
    }

    /** A binary PPM (P6, maxval 255) as QEMU's screendump writes it. */
    static ConsoleCanvas readPpm(byte[] data) {
        int[] pos = {0};
        String magic = token(data, pos);
        if (!magic.equals("P6")) {
            throw new AssertionError("virsh screenshot did not write a binary PPM (magic " + magic + ")");
        }
        int w = Integer.parseInt(token(data, pos));
        int h = Integer.parseInt(token(data, pos));
        int max = Integer.parseInt(token(data, pos));
        if (max != 255) {
            throw new AssertionError("unexpected PPM maxval " + max);
        }
        int p = pos[0] + 1; // one whitespace byte after maxval
        int[] rgb = new int[w * h];
        for (int i = 0; i < rgb.length; i++, p += 3) {
            rgb[i] = (data[p] & 0xFF) << 16 | (data[p + 1] & 0xFF) << 8 | (data[p + 2] & 0xFF);
        }
        return new ConsoleCanvas(w, h, rgb);
    }

    private static String token(byte[] data, int[] pos) {
        int p = pos[0];
        while (true) {
            while (Character.isWhitespace(data[p])) {
                p++;
            }
            if (data[p] != '#') {
                break;
            }
            while (data[p] != '\n') {
                p++;
            }
        }
        int start = p;
        while (!Character.isWhitespace(data[p])) {
            p++;
        }
        pos[0] = p;
        return new String(data, start, p - start, StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
        return equal ? "canvas equals virsh screenshot pixel for pixel (" + size + ") after " + tries + " tries"
                : "canvas never equalled virsh screenshot in " + tries + " tries (" + size + "); fewest differing"
                        + " pixels " + fewestDifferences + " " + where
                        + "; pictures kept as console-pixels-virsh.png and console-pixels-canvas.png";
    }
}
