package org.vdi.broker.domain.model.pool.schedule;

import java.util.List;
import java.util.UUID;

/** The capacity rules of each pool, kept apart from the pool's own row. */
public interface CapacityScheduleRepository {

    /** The pool's rules in the order the admin listed them; empty when it has none. */
    List<CapacityRule> rules(UUID poolId);

    /** Replaces all of the pool's rules at once (the caller holds the pool's row lock). */
    void replace(UUID poolId, List<CapacityRule> rules);
}
