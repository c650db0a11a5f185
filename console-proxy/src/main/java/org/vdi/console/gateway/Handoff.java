package org.vdi.console.gateway;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * A bounded hand-over of whole items from one thread to another inside the process,
 * where the two ends of a session would otherwise need a socket. The bound is a
 * weight (characters), so a slow reader holds back the writer instead of letting it
 * queue without limit; as with a socket, one batch may overshoot the bound once.
 *
 * <p>Ends like a TCP stream: {@link #finish()} by the writer lets the reader drain
 * what is queued and then see the end; {@link #close()} by either side discards what
 * is queued and fails both.
 *
 * <p>NOTE: every method synchronizes on this object; writers wait while the weight is
 * at the bound, readers while nothing is queued, and both wake on finish and close.
 */
final class Handoff<T> {

    private final long capacity;
    private final ToIntFunction<T> weight;
    private final ArrayDeque<T> items = new ArrayDeque<>();
    private long queued;
    private boolean finished;
    private boolean closed;

    /**
     * @param capacity the weight at which writers wait
     * @param weight   the weight of one item
     */
    Handoff(long capacity, ToIntFunction<T> weight) {
        this.capacity = capacity;
        this.weight = weight;
    }

    /** Queues one item, waiting while the bound is reached. */
    void put(T item) throws IOException {
        putAll(List.of(item));
    }

    /**
     * Queues items together, in order, once the weight is below the bound.
     *
     * @throws IOException when the hand-off was closed or finished, or the wait interrupted
     */
    synchronized void putAll(List<T> batch) throws IOException {
        try {
            while (!closed && !finished && queued >= capacity) {
                wait();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the reader");
        }
        if (closed || finished) {
            throw new IOException("the connection is closed");
        }
        for (T item : batch) {
            items.add(item);
            queued += weight.applyAsInt(item);
        }
        notifyAll();
    }

    /**
     * The next item, waiting at most {@code timeoutMillis} (0: without limit).
     *
     * @return null once the writer finished and everything queued was taken
     * @throws SocketTimeoutException nothing came in time, as a socket's read timeout
     * @throws IOException            the hand-off was closed, or the wait interrupted
     */
    synchronized T take(long timeoutMillis) throws IOException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        try {
            while (!closed && items.isEmpty() && !finished) {
                if (timeoutMillis == 0) {
                    wait();
                } else {
                    long left = (deadline - System.nanoTime()) / 1_000_000L;
                    if (left <= 0) {
                        throw new SocketTimeoutException("nothing received within " + timeoutMillis + " ms");
                    }
                    wait(left);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the writer");
        }
        if (closed) {
            throw new IOException("the connection is closed");
        }
        T item = items.poll();
        if (item != null) {
            queued -= weight.applyAsInt(item);
            notifyAll();
        }
        return item;
    }

    /** True when an item can be taken without waiting. */
    synchronized boolean available() {
        return !items.isEmpty();
    }

    /** True when a writer would wait now. */
    synchronized boolean congested() {
        return queued >= capacity;
    }

    /** The writer is done: the reader gets what is queued, then the end. */
    synchronized void finish() {
        finished = true;
        notifyAll();
    }

    /** Discards what is queued; both sides fail from now on. */
    synchronized void close() {
        closed = true;
        items.clear();
        queued = 0;
        notifyAll();
    }

    synchronized boolean isOpen() {
        return !closed && !finished;
    }
}
