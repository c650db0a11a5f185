package org.vdi.broker.application.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class CachedTest {

    private final AtomicLong now = new AtomicLong(10_000);
    private final AtomicInteger loads = new AtomicInteger();

    @Test
    void oneLoadServesEveryReadWithinTheTimeToLive() {
        Cached<Integer> c = new Cached<>(loads::incrementAndGet, 100, 0, now::get);
        assertEquals(1, c.get());
        now.addAndGet(99);
        assertEquals(1, c.get());
        assertEquals(1, loads.get());
        now.addAndGet(1);
        assertEquals(2, c.get());
        assertEquals(2, loads.get());
    }

    @Test
    void aFailedLoadKeepsTheLastValueAndIsNotRetriedUntilTheNextPeriod() {
        AtomicInteger calls = new AtomicInteger();
        Cached<Integer> c = new Cached<>(() -> {
            if (calls.incrementAndGet() == 2) {
                throw new IllegalStateException("database down");
            }
            return calls.get();
        }, 100, -1, now::get);
        assertEquals(1, c.get());
        now.addAndGet(100);
        assertEquals(1, c.get(), "the last value stays");
        assertEquals(1, c.get());
        assertEquals(2, calls.get(), "one attempt per period, not per read");
        now.addAndGet(100);
        assertEquals(3, c.get());
    }

    @Test
    void beforeAnyLoadSucceededTheInitialValueIsServed() {
        Cached<String> c = new Cached<>(() -> {
            throw new IllegalStateException("no database yet");
        }, 100, "none", now::get);
        assertEquals("none", c.get());
    }

    @Test
    void zeroTimeToLiveLoadsOnEveryRead() {
        Cached<Integer> c = new Cached<>(loads::incrementAndGet, 0, 0, now::get);
        c.get();
        c.get();
        assertEquals(2, loads.get());
    }
}
