package org.vdi.broker.application.metrics;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * One assignment request being counted: the service says how it ended
 * ({@link #ended}); the count and the latency are recorded once the request's
 * transaction has completed ({@link #completed}), with what the commit made of it.
 * Without a transaction to wait for, {@link #completed} is never called and
 * nothing is recorded (see {@link BrokerMetrics#assignmentStarted}).
 */
public final class AssignmentTally {

    /** Where a completed tally goes. */
    interface Sink {
        void record(String pool, AssignmentOutcome outcome, Duration took);
    }

    private final String pool;
    private final Sink sink;
    private final LongSupplier clock;
    private final long started;
    // NOTE: written and read on the request's thread: the service, then the transaction's afterCompletion
    private AssignmentOutcome outcome = AssignmentOutcome.FAILED;
    private boolean recorded;

    AssignmentTally(String pool, Sink sink, LongSupplier clock) {
        this.pool = pool;
        this.sink = sink;
        this.clock = clock;
        this.started = clock.getAsLong();
    }

    /** How the request ended, as the service sees it; the last call wins. */
    public void ended(AssignmentOutcome o) {
        outcome = o;
    }

    /** The transaction ended: records the outcome (a success that did not commit is a failure), once. */
    void completed(boolean committed) {
        if (recorded) {
            return;
        }
        recorded = true;
        sink.record(pool, outcome.afterCompletion(committed), Duration.ofNanos(clock.getAsLong() - started));
    }
}
