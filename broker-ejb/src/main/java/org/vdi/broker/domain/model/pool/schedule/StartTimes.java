package org.vdi.broker.domain.model.pool.schedule;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/** Measured start times: how long a pool's desktops took to become available lately. */
public interface StartTimes {

    /**
     * The median time from create or start to available of the pool's desktops
     * over the last days; empty when none has been measured.
     */
    Optional<Duration> typical(UUID poolId);
}
