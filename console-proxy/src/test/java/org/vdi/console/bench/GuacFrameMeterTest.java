package org.vdi.console.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;

import org.apache.guacamole.protocol.GuacamoleInstruction;
import org.junit.jupiter.api.Test;

class GuacFrameMeterTest {

    @Test
    void firstFrameIsTheSyncAfterDrawingOnTheSizedDefaultLayer() {
        GuacFrameMeter m = new GuacFrameMeter();
        m.accept(ins("name", "desktop"));
        m.accept(ins("size", "0", "8", "4"));
        // the cursor's layers do not count
        m.accept(ins("size", "-1", "8", "4"));
        m.accept(ins("img", "0", "12", "-1", "image/png", "0", "0"));
        m.accept(ins("blob", "0", Base64.getEncoder().encodeToString(new byte[10])));
        m.accept(ins("end", "0"));
        assertEquals("100", m.accept(ins("sync", "100")));
        assertFalse(m.firstFrame());
        m.accept(ins("img", "1", "14", "0", "image/png", "0", "0"));
        m.accept(ins("blob", "1", Base64.getEncoder().encodeToString(new byte[30])));
        m.accept(ins("end", "1"));
        assertFalse(m.firstFrame(), "complete only at the sync");
        assertEquals("101", m.accept(ins("sync", "101")));
        assertTrue(m.firstFrame());
        assertEquals(2, m.syncs());
        assertEquals(1, m.images(), "images of the default layer");
        assertEquals(40, m.imageBytes(), "decoded blob bytes of every stream");
    }

    @Test
    void solidAreasFilledAsRectanglesAndCopiesCount() {
        // guacd paints solid areas as a path of rect instructions filled by cfill
        GuacFrameMeter m = new GuacFrameMeter();
        m.accept(ins("size", "0", "8", "4"));
        m.accept(ins("rect", "0", "0", "2", "4", "2"));
        m.accept(ins("cfill", "14", "-2", "0", "0", "0", "255"));
        m.accept(ins("sync", "1"));
        assertFalse(m.firstFrame(), "a fill of another layer");
        m.accept(ins("cfill", "14", "0", "0", "0", "0", "255"));
        m.accept(ins("sync", "2"));
        assertTrue(m.firstFrame());

        GuacFrameMeter c = new GuacFrameMeter();
        c.accept(ins("size", "0", "8", "4"));
        c.accept(ins("copy", "-1", "0", "0", "8", "2", "12", "0", "0", "2"));
        c.accept(ins("sync", "3"));
        assertTrue(c.firstFrame());
    }

    @Test
    void drawingBeforeTheDefaultLayerHasASizeDoesNotCount() {
        GuacFrameMeter m = new GuacFrameMeter();
        m.accept(ins("img", "1", "14", "0", "image/png", "0", "0"));
        m.accept(ins("sync", "1"));
        assertFalse(m.firstFrame());
        assertNull(m.accept(ins("sync")), "a sync without timestamp is not echoed");
    }

    private static GuacamoleInstruction ins(String opcode, String... args) {
        return new GuacamoleInstruction(opcode, args);
    }
}
