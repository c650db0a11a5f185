package org.vdi.broker.application;

import java.util.List;
import java.util.UUID;

import jakarta.validation.constraints.NotNull;

import org.vdi.broker.domain.model.pool.schedule.CapacityRule;

/** Reading and replacing a pool's capacity schedule (admins). */
public interface ScheduleService {

    ScheduleView view(@NotNull UUID poolId);

    /**
     * Replaces the pool's rules at once; each rule's spare target must fit its size cap
     * (its own maxSize or the pool's). An empty list removes the schedule.
     */
    ScheduleView replace(@NotNull UUID poolId, @NotNull List<CapacityRule> rules, @NotNull Caller caller);
}
