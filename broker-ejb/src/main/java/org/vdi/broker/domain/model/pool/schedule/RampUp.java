package org.vdi.broker.domain.model.pool.schedule;

import java.time.Duration;
import java.time.Instant;

/**
 * The target the monitor applies now: the one in force, raised to an
 * upcoming window's when that window starts within the time the pool needs
 * to bring up the difference, so its spares are warm when it begins.
 * Decreases are never anticipated: a window's spares stay until it ends.
 */
public final class RampUp {

    /** No ramp starts further ahead than this, whatever the estimate says. */
    public static final Duration MAX_LEAD = Duration.ofHours(6);

    private RampUp() {
    }

    public static CapacityTarget applied(CapacitySchedule schedule, Instant now, StartEstimate estimate) {
        CapacityTarget base = schedule.targetAt(now);
        int spare = base.spareTarget();
        int cap = base.maxSize();
        for (CapacityChange c : schedule.changesBetween(now, now.plus(MAX_LEAD))) {
            int more = c.target().spareTarget() - base.spareTarget();
            if (more > 0 && !c.at().isAfter(now.plus(estimate.leadFor(more)))) {
                spare = Math.max(spare, c.target().spareTarget());
                cap = Math.max(cap, c.target().maxSize());
            }
        }
        return new CapacityTarget(spare, cap, base.rule());
    }
}
