package org.vdi.console.tunnel;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.vdi.console.config.ConsoleSettings;

/**
 * Refused console attempts per client address, by the window
 * ({@code vdi.console.refusal-window-seconds}, a minute): past
 * {@code vdi.console.max-refusals} (30) refusals in a window, an address's
 * further attempts are refused unseen (no broker call, no audit row each) until
 * the window is over, and then reported once, as one event for the window. A
 * browser that retries a stale ticket a few times never comes near it; a script
 * that tries tickets does.
 */
@ApplicationScoped
public class RefusalLimiter {

    /** Addresses tracked at most; past it the oldest windows go first (a flood of addresses is no memory leak). */
    static final int MAX_ADDRESSES = 10_000;

    @Inject
    ConsoleSettings settings;

    /** One address's minute: when it began, its refusals, and the attempts refused unseen. */
    private static final class Window {
        final long start;
        int refused;
        int unseen;

        Window(long start) {
            this.start = start;
        }
    }

    private final Map<String, Window> windows = new LinkedHashMap<>();
    /** Finished minutes with attempts refused unseen, not yet reported. */
    private final Map<String, Integer> unreported = new LinkedHashMap<>();

    /**
     * Whether this address may try a ticket now; false counts the attempt as
     * refused unseen.
     */
    synchronized boolean admits(String addr, long nowNanos) {
        Window w = current(addr, nowNanos);
        if (w.refused < limit()) {
            return true;
        }
        w.unseen++;
        return false;
    }

    /** An attempt from this address was refused (a malformed, unknown, used or foreign ticket). */
    synchronized void refused(String addr, long nowNanos) {
        current(addr, nowNanos).refused++;
    }

    /**
     * The addresses whose minute is over with attempts refused unseen, and how
     * many: each once, for one aggregated record.
     */
    synchronized Map<String, Integer> finishedMinutes(long nowNanos) {
        var it = windows.entrySet().iterator();
        while (it.hasNext()) {
            var e = it.next();
            if (nowNanos - e.getValue().start >= window()) {
                finish(e.getKey(), e.getValue());
                it.remove();
            }
        }
        Map<String, Integer> out = new LinkedHashMap<>(unreported);
        unreported.clear();
        return out;
    }

    private Window current(String addr, long nowNanos) {
        String key = addr == null ? "unknown" : addr;
        Window w = windows.get(key);
        if (w != null && nowNanos - w.start < window()) {
            return w;
        }
        if (w != null) {
            finish(key, w);
            windows.remove(key);
        }
        w = new Window(nowNanos);
        windows.put(key, w);
        while (windows.size() > MAX_ADDRESSES) {
            var oldest = windows.entrySet().iterator().next();
            finish(oldest.getKey(), oldest.getValue());
            windows.remove(oldest.getKey());
        }
        return w;
    }

    int limit() {
        return settings == null ? 30 : settings.maxRefusals();
    }

    private long window() {
        return TimeUnit.SECONDS.toNanos(settings == null ? 60 : settings.refusalWindowSeconds());
    }

    private void finish(String addr, Window w) {
        if (w.unseen > 0 && unreported.size() < MAX_ADDRESSES) {
            unreported.merge(addr, w.unseen, Integer::sum);
        }
    }
}
