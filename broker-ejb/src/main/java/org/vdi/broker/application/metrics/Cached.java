package org.vdi.broker.application.metrics;

import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A value read at most once per time-to-live, so that every gauge of one scrape
 * (and scrapes close together, from several Prometheus servers) costs one read.
 * When a read fails the last value stays, with its age, so a database hiccup
 * shows as stale numbers rather than as a failed scrape; the next call tries again.
 *
 * @param <T> an immutable value
 */
final class Cached<T> {

    private static final Logger LOG = Logger.getLogger(Cached.class.getName());

    private final Supplier<T> loader;
    private final long ttlNanos;
    private final LongSupplier clock;
    // NOTE: guarded by this: one reader loads, concurrent scrapes wait for its answer
    private T value;
    private long loadedAt;
    private boolean loaded;

    /**
     * @param initial what {@link #get()} answers before the first successful load
     * @param clock   nanoseconds, as {@link System#nanoTime()}
     */
    Cached(Supplier<T> loader, long ttlNanos, T initial, LongSupplier clock) {
        this.loader = Objects.requireNonNull(loader, "loader");
        this.ttlNanos = Math.max(0, ttlNanos);
        this.value = Objects.requireNonNull(initial, "initial");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The value, loaded again when it is older than the time to live; never throws. */
    synchronized T get() {
        long now = clock.getAsLong();
        if (!loaded || now - loadedAt >= ttlNanos) {
            try {
                value = Objects.requireNonNull(loader.get(), "loaded value");
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Reading the metrics failed; the last values stay: {0}", e.toString());
            }
            // a failure waits a TTL too, so a database outage costs one attempt per period, not per gauge
            loaded = true;
            loadedAt = now;
        }
        return value;
    }
}
