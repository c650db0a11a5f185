package org.vdi.broker.domain.model.desktop;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

public interface DesktopRepository {

    Optional<Desktop> find(UUID id);

    /** Finds and locks the desktop's row until the transaction ends. */
    Optional<Desktop> lock(UUID id);

    Optional<Desktop> findByName(String name);

    /** Writes pending changes now, so each state change is recorded as its own transition. */
    void flush();

    List<Desktop> findByPool(UUID poolId);

    List<Desktop> findByHost(UUID hostId);

    /** Admin listing; null arguments do not filter. */
    List<Desktop> search(UUID poolId, DesktopState state, String user, int max);

    Map<DesktopState, Long> countByState(UUID poolId);

    /** Desktops on a host, for capacity. */
    long countOnHost(UUID hostId);

    /** Memory promised to desktops on a host, in MiB. */
    long memoryOnHost(UUID hostId);

    /**
     * Locks one free desktop of the pool in the given state, skipping rows other
     * transactions hold ({@code FOR UPDATE SKIP LOCKED}), so concurrent callers
     * each get a different desktop or none.
     */
    Optional<Desktop> lockOneFree(UUID poolId, DesktopState state);

    /** Desktops of the pool the user holds. */
    List<Desktop> findHeldBy(UUID poolId, String user);

    void add(Desktop desktop);

    void remove(Desktop desktop);
}
