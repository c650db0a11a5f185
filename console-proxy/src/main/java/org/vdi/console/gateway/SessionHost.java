package org.vdi.console.gateway;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the gateway's sessions share, whichever way their clients reach them (the tunnel
 * in this process, or TCP through {@link GuacdServer}): the session cap, the threads,
 * the PNG level and the ids of live sessions.
 *
 * <p>NOTE: owns its threads: two per session (display and input) from a cached pool,
 * and one scheduler thread for keep-alives; {@link #close()} ends them all.
 */
final class SessionHost implements AutoCloseable {

    private final int maxSessions;
    private final int pngLevel;
    private final Semaphore slots;
    private final Set<String> live = ConcurrentHashMap.newKeySet();
    private final Set<ClientLink> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService executor = Executors.newCachedThreadPool(threads("vdi-gateway-"));
    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(threads("vdi-gateway-keepalive-"));

    /**
     * @param maxSessions sessions served at once; more are refused with SERVER_BUSY
     * @param pngLevel    deflate level for PNG (1 is fastest; desktop content barely gains above it)
     */
    SessionHost(int maxSessions, int pngLevel) {
        this.maxSessions = maxSessions;
        this.pngLevel = pngLevel;
        this.slots = new Semaphore(maxSessions);
    }

    /**
     * Serves a client on a thread of its own, if there is room.
     *
     * @return false when the cap is reached or the host is closing; the client is not served
     */
    boolean serve(ClientLink client) {
        if (!slots.tryAcquire()) {
            return false;
        }
        open.add(client);
        try {
            executor.execute(() -> {
                try {
                    new GatewaySession(client, this).run();
                } finally {
                    open.remove(client);
                    slots.release();
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            open.remove(client);
            slots.release();
            return false;
        }
    }

    /** Sessions being served now. */
    int sessions() {
        return maxSessions - slots.availablePermits();
    }

    ExecutorService executor() {
        return executor;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    int pngLevel() {
        return pngLevel;
    }

    boolean isLive(String connectionId) {
        return live.contains(connectionId);
    }

    void register(String connectionId) {
        live.add(connectionId);
    }

    void unregister(String connectionId) {
        live.remove(connectionId);
    }

    /** Ends every session (closing its link ends both its threads), then stops the threads. */
    @Override
    public void close() {
        for (ClientLink l : open) {
            l.close();
        }
        scheduler.shutdownNow();
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
