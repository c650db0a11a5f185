package org.vdi.broker.application;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.vdi.broker.domain.model.pool.schedule.CapacityChange;
import org.vdi.broker.domain.model.pool.schedule.CapacityRule;
import org.vdi.broker.domain.model.pool.schedule.CapacityTarget;

/**
 * A pool's capacity schedule as the admin page shows it, all read at one
 * moment so the parts agree.
 *
 * @param now the moment it was read
 * @param targetNow what the rules put in force now
 * @param nextChange the next change of the numbers, within a week
 * @param strip the target every {@link #STRIP_STEP} for the next 24 hours
 * @param applied what the monitor applies now (the target, or an upcoming window's during a ramp-up)
 * @param startPerDesktop the start time the ramp-up counts per desktop (measured, or the default)
 */
public record ScheduleView(Instant now, List<CapacityRule> rules, CapacityTarget targetNow,
        Optional<CapacityChange> nextChange, List<CapacityChange> strip, SpareTargets.Applied applied,
        Duration startPerDesktop) {

    public static final Duration STRIP_STEP = Duration.ofMinutes(15);

    /** 24 hours of {@link #STRIP_STEP}. */
    public static final int STRIP_LENGTH = 96;
}
