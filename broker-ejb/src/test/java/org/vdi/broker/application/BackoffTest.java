package org.vdi.broker.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void aPoolThatNeverFailedIsAlwaysDue() {
        Backoff b = Backoff.none(32);
        assertEquals(0, b.pauseCycles());
        assertTrue(b.isDue(0));
        assertTrue(b.isDue(1));
    }

    @Test
    void theFirstFailureSkipsTheNextTwoCycles() {
        Backoff b = Backoff.none(32).failedIn(10);
        assertEquals(1, b.consecutiveFailures());
        assertEquals(2, b.pauseCycles());
        assertFalse(b.isDue(11));
        assertFalse(b.isDue(12));
        assertTrue(b.isDue(13));
    }

    @Test
    void eachFurtherFailureDoublesThePauseUpToTheCap() {
        Backoff b = Backoff.none(32);
        int[] pauses = new int[8];
        long cycle = 1;
        for (int i = 0; i < pauses.length; i++) {
            b = b.failedIn(cycle);
            pauses[i] = b.pauseCycles();
            assertEquals(cycle + pauses[i] + 1, b.nextAttemptCycle());
            cycle = b.nextAttemptCycle();
        }
        assertEquals("[2, 4, 8, 16, 32, 32, 32, 32]", java.util.Arrays.toString(pauses));
        assertEquals(8, b.consecutiveFailures());
    }

    @Test
    void aSmallCapHoldsFromTheStart() {
        assertEquals(1, Backoff.none(1).failedIn(5).pauseCycles());
        assertEquals(7, Backoff.none(1).failedIn(5).nextAttemptCycle());
    }

    @Test
    void manyFailuresNeitherOverflowNorPassTheCap() {
        Backoff b = new Backoff(Integer.MAX_VALUE, 0, Integer.MAX_VALUE);
        assertEquals(1 << 30, b.pauseCycles());
        assertEquals(Integer.MAX_VALUE, b.failedIn(0).consecutiveFailures());
        assertEquals(32, new Backoff(1000, 0, 32).pauseCycles());
    }

    @Test
    void impossibleValuesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(-1, 0, 32));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(0, -1, 32));
        assertThrows(IllegalArgumentException.class, () -> Backoff.none(0));
    }
}
