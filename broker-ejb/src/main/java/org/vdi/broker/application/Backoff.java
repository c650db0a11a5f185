package org.vdi.broker.application;

/**
 * How long the pool monitor leaves a failing pool alone: after the n-th
 * consecutive failed cycle the pool sits out 2^n cycles, at most
 * {@code capCycles}, so one broken pool (a host down, a golden image gone)
 * neither floods the log nor slows the other pools, yet is retried soon after
 * it heals.
 *
 * <p>Time is counted in monitor cycles, not seconds: cycles run with a fixed
 * delay, so a slow cycle counts once, and the arithmetic needs no clock.
 * Immutable; a success simply forgets the value.
 *
 * @param consecutiveFailures failed cycles in a row, 0 for a healthy pool
 * @param nextAttemptCycle the first cycle that may work on the pool again
 * @param capCycles the longest a pool sits out, in cycles
 */
public record Backoff(int consecutiveFailures, long nextAttemptCycle, int capCycles) {

    /** Beyond this doubling every cap in use is reached; it also keeps the shift from overflowing. */
    private static final int MAX_DOUBLINGS = 30;

    public Backoff {
        if (consecutiveFailures < 0 || nextAttemptCycle < 0 || capCycles < 1) {
            throw new IllegalArgumentException("backoff needs failures >= 0, next attempt >= 0, cap >= 1: "
                    + consecutiveFailures + ", " + nextAttemptCycle + ", " + capCycles);
        }
    }

    /** A pool that has not failed: due at every cycle. */
    public static Backoff none(int capCycles) {
        return new Backoff(0, 0, capCycles);
    }

    /** Whether the monitor may work on the pool in this cycle. */
    public boolean isDue(long cycle) {
        return cycle >= nextAttemptCycle;
    }

    /** Cycles the pool sits out after its current run of failures. */
    public int pauseCycles() {
        return pause(consecutiveFailures, capCycles);
    }

    /** The back-off after the pool failed once more, in {@code cycle}. */
    public Backoff failedIn(long cycle) {
        int failures = consecutiveFailures == Integer.MAX_VALUE ? consecutiveFailures : consecutiveFailures + 1;
        return new Backoff(failures, cycle + pause(failures, capCycles) + 1, capCycles);
    }

    private static int pause(int failures, int cap) {
        return failures == 0 ? 0 : (int) Math.min(1L << Math.min(failures, MAX_DOUBLINGS), cap);
    }
}
