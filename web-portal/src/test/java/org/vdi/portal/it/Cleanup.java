package org.vdi.portal.it;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Undo steps registered while a test builds its world, run in reverse order
 * by try-with-resources. Every step runs even when an earlier one fails; when
 * the test itself failed, Java attaches the cleanup failures to its exception
 * as suppressed ones, so the test's own failure stays the headline.
 */
public final class Cleanup implements AutoCloseable {

    /** One undo step. */
    @FunctionalInterface
    public interface Step {
        void run() throws Exception;
    }

    private record Named(String what, Step step) {
    }

    private final Deque<Named> steps = new ArrayDeque<>();

    /** Registers a step; the last registered runs first. */
    public void add(String what, Step step) {
        steps.push(new Named(what, step));
    }

    @Override
    public void close() {
        AssertionError failure = null;
        while (!steps.isEmpty()) {
            Named n = steps.pop();
            try {
                n.step().run();
            } catch (Exception | AssertionError e) {
                if (failure == null) {
                    failure = new AssertionError("cleanup failed: " + n.what() + ": " + e.getMessage(), e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
