package org.vdi.console.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CoverageTest {

    @Test
    void fullOnlyWhenEveryPixelIsDrawn() {
        Coverage c = new Coverage();
        assertFalse(c.full(), "no size yet");
        c.reset(10, 4);
        c.add(0, 0, 10, 2);
        assertFalse(c.full());
        c.add(0, 2, 9, 2);
        assertFalse(c.full(), "one column left");
        c.add(9, 3, 1, 1);
        assertFalse(c.full(), "one pixel left");
        c.add(9, 2, 1, 1);
        assertTrue(c.full());
    }

    @Test
    void rectanglesAreClippedToTheScreen() {
        Coverage c = new Coverage();
        c.reset(4, 4);
        c.add(-2, -2, 100, 100);
        assertTrue(c.full());
        c.reset(4, 4);
        c.add(4, 0, 5, 5);
        c.add(0, 4, 5, 5);
        assertFalse(c.full());
    }

    @Test
    void resetForgetsWhatWasDrawn() {
        Coverage c = new Coverage();
        c.reset(2, 2);
        c.add(0, 0, 2, 2);
        c.reset(3, 2);
        assertFalse(c.full());
        assertEquals(3, c.width());
        assertEquals(2, c.height());
    }
}
