package org.vdi.portal.it;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/**
 * Polling with a deadline. Every wait in the tests goes through here, so none
 * can hang, and each failure says what was awaited, for how long, and what was
 * seen last (value or exception).
 */
public final class Wait {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

    private Wait() {
    }

    /**
     * Calls {@code probe} until its value satisfies {@code done}; returns that value.
     *
     * @param what    what is awaited, for the failure message ("3 desktops available")
     * @param timeout the deadline from now
     */
    public static <T> T until(String what, Duration timeout, Duration interval, Callable<T> probe,
            Predicate<? super T> done) {
        Instant deadline = Instant.now().plus(timeout);
        Instant start = Instant.now();
        T last = null;
        Throwable lastError = null;
        while (true) {
            try {
                last = probe.call();
                lastError = null;
                if (done.test(last)) {
                    return last;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            } catch (Exception | AssertionError e) {
                lastError = e;
            }
            if (Instant.now().isAfter(deadline)) {
                String seen = lastError != null ? "last attempt failed: " + lastError : "last seen: " + last;
                AssertionError failure = new AssertionError("timed out after "
                        + Duration.between(start, Instant.now()).toSeconds() + " s waiting for " + what + "; " + seen);
                if (lastError != null) {
                    failure.initCause(lastError);
                }
                throw failure;
            }
            sleep(interval);
        }
    }

    public static <T> T until(String what, Duration timeout, Callable<T> probe, Predicate<? super T> done) {
        return until(what, timeout, DEFAULT_INTERVAL, probe, done);
    }

    /** Until the probe returns true. */
    public static void untilTrue(String what, Duration timeout, Callable<Boolean> probe) {
        until(what, timeout, DEFAULT_INTERVAL, probe, Boolean.TRUE::equals);
    }

    /** Until the probe returns a non-null value; returns it. */
    public static <T> T untilPresent(String what, Duration timeout, Callable<T> probe) {
        return until(what, timeout, DEFAULT_INTERVAL, probe, Objects::nonNull);
    }

    public static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
