package org.vdi.console.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The bounded hand-off between a session and the tunnel: back-pressure, end of stream, close. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HandoffTest {

    private final Handoff<String> h = new Handoff<>(10, String::length);

    @Test
    void aWriterWaitsAtTheBoundUntilTheReaderTakes() throws Exception {
        h.put("123456789012"); // one item may overshoot the bound
        assertTrue(h.congested());
        CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> {
            try {
                h.put("x");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThrows(TimeoutException.class, () -> blocked.get(300, TimeUnit.MILLISECONDS));
        assertEquals("123456789012", h.take(1000));
        blocked.get(10, TimeUnit.SECONDS);
        assertEquals("x", h.take(1000));
    }

    @Test
    void closingWakesABlockedWriterWithAFailure() throws Exception {
        h.putAll(List.of("1234567890"));
        CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> {
            try {
                h.put("x");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        h.close();
        Throwable t = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> blocked.get(10, TimeUnit.SECONDS)).getCause();
        assertTrue(t instanceof java.io.UncheckedIOException, t.toString());
        assertThrows(IOException.class, () -> h.take(0));
        assertFalse(h.isOpen());
    }

    @Test
    void finishingLetsTheReaderDrainThenSeeTheEnd() throws Exception {
        h.putAll(List.of("a", "b"));
        h.finish();
        assertThrows(IOException.class, () -> h.put("c"));
        assertEquals("a", h.take(0));
        assertTrue(h.available());
        assertEquals("b", h.take(0));
        assertNull(h.take(0));
        assertNull(h.take(0));
    }

    @Test
    void aSilentWriterIsATimeout() {
        assertThrows(SocketTimeoutException.class, () -> h.take(50));
    }
}
