package org.vdi.console.fuzz;

import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;

/**
 * What one fuzz input may cost: the bytes the thread allocates while the target runs
 * and the time it takes. A parser that allocates what a length field asks for, or
 * loops on a crafted input, fails here even when it ends without an exception.
 */
public final class Budget {

    /** Per input: a parser answers in microseconds; seconds mean a loop (with room for a loaded machine). */
    public static final long MAX_NANOS = TimeUnit.SECONDS.toNanos(5);

    /** A step of a fuzz target that may throw what the parser is allowed to throw. */
    @FunctionalInterface
    public interface Step {
        void run() throws Exception;
    }

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();


    private Budget() {
    }

    /**
     * Runs the step (twice, see below); exceptions of the {@code allowed} types are the parser's refusals
     * and are swallowed, anything else is a finding and propagates.
     */
    @SafeVarargs
    public static void within(long maxBytes, Step step, Class<? extends Exception>... allowed) throws Exception {
        // NOTE: every input runs twice, the first time unmeasured: an input that reaches new code
        // loads classes, and while fuzzing Jazzer instruments them on this thread, which would count
        // against the input; the second run of the same (deterministic) target pays only for itself
        run(step, allowed);
        long thread = Thread.currentThread().getId();
        long before = THREADS.getThreadAllocatedBytes(thread);
        long start = System.nanoTime();
        run(step, allowed);
        long nanos = System.nanoTime() - start;
        long bytes = THREADS.getThreadAllocatedBytes(thread) - before;
        if (bytes > maxBytes) {
            throw new AssertionError("one input allocated " + bytes + " bytes (budget " + maxBytes + ")");
        }
        if (nanos > MAX_NANOS) {
            throw new AssertionError("one input took " + TimeUnit.NANOSECONDS.toMillis(nanos) + " ms");
        }
    }

    private static void run(Step step, Class<? extends Exception>[] allowed) throws Exception {
        try {
            step.run();
        } catch (Exception e) {
            if (!isAllowed(e, allowed)) {
                throw e;
            }
        }
    }

    private static boolean isAllowed(Exception e, Class<? extends Exception>[] allowed) {
        for (Class<? extends Exception> a : allowed) {
            if (a.isInstance(e)) {
                return true;
            }
        }
        return false;
    }

    static {
        // the gateway logs each refused input; keep that out of the fuzzer's output
        java.util.logging.Logger.getLogger("org.vdi.console").setLevel(java.util.logging.Level.OFF);
    }
}
