package org.vdi.console.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Base64;

import javax.imageio.ImageIO;

import org.apache.guacamole.protocol.GuacamoleInstruction;
import org.junit.jupiter.api.Test;

class GuacFrameMeterTest {

    @Test
    void firstFrameIsTheSyncAfterImagesCoveringTheScreen() throws Exception {
        GuacFrameMeter m = new GuacFrameMeter();
        m.accept(ins("name", "desktop"));
        m.accept(ins("size", "0", "8", "4"));
        // the cursor's layer does not count
        m.accept(ins("size", "-1", "8", "4"));
        image(m, "0", "-1", 0, 0, 8, 4);
        image(m, "1", "0", 0, 0, 8, 2);
        assertEquals("100", m.accept(ins("sync", "100")));
        assertFalse(m.firstFrame());
        image(m, "2", "0", 0, 2, 8, 2);
        assertFalse(m.firstFrame(), "complete only at the sync");
        assertEquals("101", m.accept(ins("sync", "101")));
        assertTrue(m.firstFrame());
        assertEquals(2, m.syncs());
        assertEquals(2, m.images());
    }

    @Test
    void copiesCountAndResizesStartOver() throws Exception {
        GuacFrameMeter m = new GuacFrameMeter();
        m.accept(ins("size", "0", "8", "4"));
        image(m, "0", "0", 0, 0, 8, 2);
        m.accept(ins("copy", "0", "0", "0", "8", "2", "12", "0", "0", "2"));
        m.accept(ins("size", "0", "8", "6"));
        m.accept(ins("sync", "5"));
        assertFalse(m.firstFrame());
        image(m, "1", "0", 0, 0, 8, 6);
        m.accept(ins("sync", "6"));
        assertTrue(m.firstFrame());
    }

    @Test
    void sizeComesFromTheFirstBlobOnly() throws Exception {
        GuacFrameMeter m = new GuacFrameMeter();
        m.accept(ins("size", "0", "4", "4"));
        byte[] png = png(4, 4);
        m.accept(ins("img", "3", "14", "0", "image/png", "0", "0"));
        byte[] head = Arrays.copyOf(png, 30);
        byte[] tail = Arrays.copyOfRange(png, 30, png.length);
        m.accept(ins("blob", "3", Base64.getEncoder().encodeToString(head)));
        m.accept(ins("blob", "3", Base64.getEncoder().encodeToString(tail)));
        m.accept(ins("end", "3"));
        assertNull(m.accept(ins("nop")));
        m.accept(ins("sync", "9"));
        assertTrue(m.firstFrame());
        assertEquals(png.length, m.imageBytes());
    }

    @Test
    void pngHeader() throws Exception {
        assertArrayEquals(new int[] {720, 400}, GuacFrameMeter.pngSize(png(720, 400)));
        assertThrows(IllegalArgumentException.class, () -> GuacFrameMeter.pngSize(new byte[30]));
        assertThrows(IllegalArgumentException.class, () -> GuacFrameMeter.pngSize(new byte[3]));
    }

    private static void image(GuacFrameMeter m, String stream, String layer, int x, int y, int w, int h)
            throws Exception {
        m.accept(ins("img", stream, "14", layer, "image/png", Integer.toString(x), Integer.toString(y)));
        m.accept(ins("blob", stream, Base64.getEncoder().encodeToString(png(w, h))));
        m.accept(ins("end", stream));
    }

    static byte[] png(int w, int h) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB), "png", b);
        return b.toByteArray();
    }

    private static GuacamoleInstruction ins(String opcode, String... args) {
        return new GuacamoleInstruction(opcode, args);
    }
}
