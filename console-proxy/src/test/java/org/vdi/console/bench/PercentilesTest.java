package org.vdi.console.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void nearestRank() {
        double[] v = new double[30];
        for (int i = 0; i < v.length; i++) {
            v[i] = 30 - i; // 30 .. 1, unsorted on purpose
        }
        assertEquals(15, Percentiles.of(v, 50));
        assertEquals(29, Percentiles.of(v, 95)); // rank ceil(28.5) = 29
        assertEquals(30, Percentiles.of(v, 100));
        assertEquals(1, Percentiles.of(v, 1));
        assertEquals(30, v[0], "the sample is not reordered");
    }

    @Test
    void oneValue() {
        assertEquals(7, Percentiles.of(new double[] {7}, 50));
        assertEquals(7, Percentiles.of(new double[] {7}, 95));
    }

    @Test
    void refusesNonsense() {
        assertThrows(IllegalArgumentException.class, () -> Percentiles.of(new double[0], 50));
        assertThrows(IllegalArgumentException.class, () -> Percentiles.of(new double[] {1}, 0));
        assertThrows(IllegalArgumentException.class, () -> Percentiles.of(new double[] {1}, 101));
    }
}
