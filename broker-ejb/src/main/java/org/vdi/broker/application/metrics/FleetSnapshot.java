package org.vdi.broker.application.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.vdi.broker.domain.model.desktop.DesktopState;

/**
 * What the database says at one moment about every pool: its desktops per
 * state, and which broker node holds its monitor lease (absent when no node holds an
 * unexpired one). Read by one grouped query each ({@link FleetReads}); immutable.
 */
public record FleetSnapshot(Map<String, Map<DesktopState, Long>> desktops, Map<String, String> leaseOwners) {

    public static final FleetSnapshot EMPTY = new FleetSnapshot(Map.of(), Map.of());

    public FleetSnapshot {
        Map<String, Map<DesktopState, Long>> copy = new LinkedHashMap<>();
        desktops.forEach((pool, byState) -> copy.put(pool, Map.copyOf(byState)));
        desktops = Collections.unmodifiableMap(copy);
        leaseOwners = Map.copyOf(leaseOwners);
    }

    /** One row of the grouped count: a pool's desktops in one state. */
    public record Count(String pool, String state, long desktops) {
    }

    /**
     * The snapshot of these rows (states as the database spells them) and lease owners.
     * A state this build does not know is left out, not guessed.
     */
    public static FleetSnapshot of(Iterable<Count> counts, Set<String> pools, Map<String, String> leaseOwners) {
        Map<String, Map<DesktopState, Long>> byPool = new LinkedHashMap<>();
        pools.forEach(p -> byPool.put(p, new LinkedHashMap<>()));
        for (Count c : counts) {
            state(c.state()).ifPresent(s -> byPool.computeIfAbsent(c.pool(), p -> new LinkedHashMap<>())
                    .merge(s, c.desktops(), Long::sum));
        }
        return new FleetSnapshot(byPool, leaseOwners);
    }

    /** The pool's desktops in that state; 0 for a pool that has none (or that is gone). */
    public long count(String pool, DesktopState state) {
        return desktops.getOrDefault(pool, Map.of()).getOrDefault(state, 0L);
    }

    /** 1 while {@code owner} holds the pool's monitor lease, else 0. */
    public int leaseHeld(String pool, String owner) {
        return owner.equals(leaseOwners.get(pool)) ? 1 : 0;
    }

    /** The node holding the pool's lease, if any does. */
    public Optional<String> leaseOwner(String pool) {
        return Optional.ofNullable(leaseOwners.get(pool));
    }

    static Optional<DesktopState> state(String name) {
        try {
            return Optional.of(DesktopState.valueOf(name.strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }

    /** The state as the {@code state} tag spells it: as the REST API does ("in-use"). */
    public static String tag(DesktopState state) {
        return state.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
