package org.vdi.console.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class CpuMeterTest {

    @Test
    void statLineWithSpacesAndParenthesesInTheName() {
        String stat = "4242 (web (sock) ify) S 4000 4242 4000 0 -1 4194560 1200 0 0 0 157 23 0 0 20 0 1 0 "
                + "900 30000000 4000 18446744073709551615 1 1 0 0 0 0 0 16781312 2 0 0 0 17 1 0 0 0 0 0";
        assertArrayEquals(new long[] {4000, 180}, CpuMeter.parseStat(stat));
    }

    @Test
    void deltaCountsNewThreadsFromZeroAndIgnoresGoneOnes() {
        Map<Long, Long> before = Map.of(1L, 100L, 2L, 50L);
        Map<Long, Long> after = Map.of(1L, 160L, 3L, 30L);
        assertEquals(90, CpuMeter.delta(before, after));
    }

    @Test
    void thisProcessHasCpuTime() throws Exception {
        Map<Long, Long> tree = CpuMeter.processTree(ProcessHandle.current().pid());
        assertTrue(tree.get(ProcessHandle.current().pid()) > 0, tree.toString());
    }
}
