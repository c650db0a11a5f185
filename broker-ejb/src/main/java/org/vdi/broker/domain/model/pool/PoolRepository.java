package org.vdi.broker.domain.model.pool;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

public interface PoolRepository {

    Optional<Pool> find(UUID id);

    /** Finds and locks the pool's row until the transaction ends. */
    Optional<Pool> lock(UUID id);

    Optional<Pool> findByName(String name);

    List<Pool> findAll();

    void add(Pool pool);

    void remove(Pool pool);

    /**
     * Takes or renews the pool's lease for this node until now + seconds; false
     * when another node holds an unexpired lease. Runs in its own transaction.
     */
    boolean acquireLease(UUID poolId, String owner, int seconds);
}
