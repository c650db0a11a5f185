package org.vdi.console.gateway;

/**
 * Flow control by the browser's {@code sync} echoes: the display thread asks the VNC
 * server for the next update only when the browser has drawn all but the latest
 * frame, so a slow browser slows the server down instead of filling memory. Frames the
 * server produces meanwhile coalesce in its own incremental update.
 */
final class SyncGate {

    private long lastSent;
    private long acked;
    private boolean closed;

    /**
     * A timestamp for the next {@code sync}: milliseconds, strictly increasing, because
     * guacamole-common-js answers a repeated timestamp only once.
     */
    synchronized long next() {
        lastSent = Math.max(System.currentTimeMillis(), lastSent + 1);
        return lastSent;
    }

    /** The browser echoed {@code sync} with this timestamp. */
    synchronized void ack(long timestamp) {
        if (timestamp > acked && timestamp <= lastSent) {
            acked = timestamp;
            notifyAll();
        }
    }

    /**
     * Waits until the frame with {@code timestamp} has been acknowledged.
     *
     * @return false when the gate was closed meanwhile
     */
    // NOTE: called by the display thread only; acks come from the client's input thread.
    synchronized boolean await(long timestamp) throws InterruptedException {
        while (!closed && acked < timestamp) {
            wait(1000);
        }
        return !closed;
    }

    synchronized void close() {
        closed = true;
        notifyAll();
    }
}
