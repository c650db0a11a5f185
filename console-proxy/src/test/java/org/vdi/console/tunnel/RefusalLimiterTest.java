package org.vdi.console.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class RefusalLimiterTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void anAddressPastTheLimitIsRefusedUnseenForTheRestOfTheMinute() {
        RefusalLimiter l = new RefusalLimiter();
        long t = 1_000 * SECOND;
        for (int i = 0; i < l.limit(); i++) {
            assertTrue(l.admits("10.0.0.9", t + i * SECOND), "attempt " + i);
            l.refused("10.0.0.9", t + i * SECOND);
        }
        assertFalse(l.admits("10.0.0.9", t + 20 * SECOND));
        assertFalse(l.admits("10.0.0.9", t + 30 * SECOND));
        assertTrue(l.admits("10.0.0.8", t + 30 * SECOND), "another address is not held up");
        assertEquals(Map.of(), l.finishedMinutes(t + 40 * SECOND), "the minute is not over yet");
        assertEquals(Map.of("10.0.0.9", 2), l.finishedMinutes(t + 61 * SECOND), "one report for the minute");
        assertEquals(Map.of(), l.finishedMinutes(t + 62 * SECOND), "reported once");
        assertTrue(l.admits("10.0.0.9", t + 62 * SECOND), "a new minute");
    }

    @Test
    void aMinuteThatEndsBetweenReportsIsStillReported() {
        RefusalLimiter l = new RefusalLimiter();
        long t = 5_000 * SECOND;
        for (int i = 0; i < l.limit(); i++) {
            l.refused("::1", t);
        }
        assertFalse(l.admits("::1", t + SECOND));
        assertTrue(l.admits("::1", t + 70 * SECOND), "the next minute begins with the next attempt");
        assertEquals(Map.of("::1", 1), l.finishedMinutes(t + 71 * SECOND));
    }

    @Test
    void aFewRefusalsHoldNobodyUp() {
        RefusalLimiter l = new RefusalLimiter();
        for (int i = 0; i < l.limit() - 1; i++) {
            l.refused("10.0.0.7", i * SECOND);
        }
        assertTrue(l.admits("10.0.0.7", 20 * SECOND));
    }
}
