package org.vdi.console.tunnel;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands the facts of each WebSocket handshake to the connection it opens.
 * The WebSocket API shows request headers only during the handshake, and the
 * endpoint configuration's user properties are shared by concurrent
 * handshakes, so facts are kept here under the request's query string (which
 * carries the single-use ticket) until the connection takes them.
 *
 * <p>Two handshakes with the same query string at once are both refused: at
 * most one of them could redeem the ticket anyway. A repeatable ledger (the
 * SPICE bridge, where every channel of one session carries the same ticket)
 * counts handshakes with the same query string and identical facts instead,
 * and refuses them all only when their facts differ.
 */
final class HandshakeLedger {

    private static final long KEEP_NANOS = 60_000_000_000L;
    private static final int MAX_ENTRIES = 10_000;

    private record Entry(HandshakeFacts facts, boolean conflict, long at, int count) {
    }

    // NOTE: written by the container's handshake threads, read by its onOpen threads
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final boolean repeatable;

    HandshakeLedger() {
        this(false);
    }

    HandshakeLedger(boolean repeatable) {
        this.repeatable = repeatable;
    }

    void put(String query, HandshakeFacts facts) {
        long now = System.nanoTime();
        if (entries.size() >= MAX_ENTRIES) {
            entries.values().removeIf(e -> now - e.at() > KEEP_NANOS);
        }
        if (entries.size() >= MAX_ENTRIES) {
            return; // flooded: the connection then finds no facts and is refused
        }
        entries.merge(key(query), new Entry(facts, false, now, 1), (old, neu) ->
                repeatable && !old.conflict() && old.facts().equals(facts)
                        ? new Entry(facts, false, now, old.count() + 1)
                        : new Entry(facts, true, now, old.count() + 1));
    }

    /** The facts of the handshake with this query string, once; empty when unknown, stale or contested. */
    Optional<HandshakeFacts> take(String query) {
        Entry[] taken = new Entry[1];
        // NOTE: atomic per key: one handshake's facts go to one connection only
        entries.computeIfPresent(key(query), (k, old) -> {
            taken[0] = old;
            return old.count() > 1 && !old.conflict() ? new Entry(old.facts(), false, old.at(), old.count() - 1)
                    : null;
        });
        Entry e = taken[0];
        if (e == null || e.conflict() || System.nanoTime() - e.at() > KEEP_NANOS) {
            return Optional.empty();
        }
        return Optional.of(e.facts());
    }

    private static String key(String query) {
        return query == null ? "" : query;
    }
}
