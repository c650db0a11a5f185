package org.vdi.broker.domain.model.pool.schedule;

import java.time.Duration;

/**
 * How long the pool needs to bring up desktops, for ramping up ahead of a
 * window: {@code perDesktop} is the typical time from "create" (or "start")
 * to available, as measured from the pool's recorded state changes;
 * {@code cycle} is the monitor's period, the wait before work begins.
 * The estimate assumes the desktops come up one after another, as the
 * monitor carries out a plan's operations in turn: early rather than late.
 */
public record StartEstimate(Duration perDesktop, Duration cycle) {

    /** The time to bring up {@code desktops} more: one cycle plus each desktop in turn. */
    public Duration leadFor(int desktops) {
        if (desktops <= 0) {
            return Duration.ZERO;
        }
        return cycle.plus(perDesktop.multipliedBy(desktops));
    }
}
