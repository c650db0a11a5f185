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

    /**
     * Spares a window starting within this time will need are never scaled down: the
     * lead shrinks once the ramped-up desktops have been measured (they start faster
     * than the default says), and without this the monitor would delete them again.
     */
    public static final Duration KEEP_AHEAD = Duration.ofHours(1);

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

    /**
     * What scale-down keeps: the applied target, or more when a window starting within
     * {@link #KEEP_AHEAD} wants more, so a ramp-up is never undone before its window.
     */
    public static CapacityTarget kept(CapacitySchedule schedule, Instant now, StartEstimate estimate) {
        CapacityTarget applied = applied(schedule, now, estimate);
        int spare = applied.spareTarget();
        int cap = applied.maxSize();
        for (CapacityChange c : schedule.changesBetween(now, now.plus(KEEP_AHEAD))) {
            spare = Math.max(spare, c.target().spareTarget());
            cap = Math.max(cap, c.target().maxSize());
        }
        return new CapacityTarget(spare, cap, applied.rule());
    }
}
