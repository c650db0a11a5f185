package org.vdi.broker.application;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.vdi.broker.config.DesktopConfig;
import org.vdi.broker.config.ScheduleConfig;
import org.vdi.broker.domain.model.pool.Pool;
import org.vdi.broker.domain.model.pool.schedule.CapacitySchedule;
import org.vdi.broker.domain.model.pool.schedule.CapacityScheduleRepository;
import org.vdi.broker.domain.model.pool.schedule.CapacityTarget;
import org.vdi.broker.domain.model.pool.schedule.RampUp;
import org.vdi.broker.domain.model.pool.schedule.StartEstimate;
import org.vdi.broker.domain.model.pool.schedule.StartTimes;

/**
 * The spare target and size cap the pool monitor applies to a pool now: the
 * pool's own minSpare and maxSize, unless its capacity schedule says
 * otherwise, raised ahead of a window by the time the pool's desktops have
 * lately needed to start ({@link RampUp}).
 */
// NOTE: called inside MonitorSteps' transaction (the pool row locked); it only reads.
@ApplicationScoped
public class SpareTargets {

    /**
     * What the monitor applies.
     *
     * @param scheduled whether the pool has rules; only then are free spares above the target removed
     * @param keepSpares free spares scale-down leaves: at least the target, more when a window soon wants more
     * @param keepSize desktops scale-down leaves, in the same way
     */
    public record Applied(int spareTarget, int sizeCap, boolean scheduled, int keepSpares, int keepSize) {

        static Applied unscheduled(Pool pool) {
            return new Applied(pool.minSpare(), pool.maxSize(), false, pool.minSpare(), pool.maxSize());
        }
    }

    @Inject
    CapacityScheduleRepository schedules;

    @Inject
    StartTimes startTimes;

    @Inject
    ScheduleConfig config;

    @Inject
    DesktopConfig desktopConfig;

    public Applied at(Pool pool, Instant now) {
        CapacitySchedule schedule = schedule(pool);
        return schedule.isEmpty() ? applied(pool, schedule, null, now) : applied(pool, schedule, estimate(pool), now);
    }

    /** What the monitor applies at {@code now} under this schedule and start estimate. */
    public static Applied applied(Pool pool, CapacitySchedule schedule, StartEstimate estimate, Instant now) {
        if (schedule.isEmpty()) {
            return Applied.unscheduled(pool);
        }
        CapacityTarget t = RampUp.applied(schedule, now, estimate);
        CapacityTarget keep = RampUp.kept(schedule, now, estimate);
        return new Applied(t.spareTarget(), t.maxSize(), true, keep.spareTarget(), keep.maxSize());
    }

    /** The pool's schedule with its own settings as the default. */
    public CapacitySchedule schedule(Pool pool) {
        return new CapacitySchedule(schedules.rules(pool.id()), pool.minSpare(), pool.maxSize());
    }

    /** The pool's measured start time, or the configured default when none was measured lately. */
    public StartEstimate estimate(Pool pool) {
        Duration perDesktop = startTimes.typical(pool.id()).orElseGet(config::defaultStart);
        return new StartEstimate(perDesktop, Duration.ofSeconds(desktopConfig.monitorIntervalSeconds()));
    }
}
