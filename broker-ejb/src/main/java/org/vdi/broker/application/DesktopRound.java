package org.vdi.broker.application;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.vdi.broker.domain.model.desktop.Desktop;
import org.vdi.broker.domain.model.host.HostState;

/**
 * One round of a scheduled task over desktops (readiness pings, guest polls):
 * bounded in time, desktops of hosts that are not up skipped, and never
 * throwing, so the scheduler keeps the task (an exception would cancel it).
 */
final class DesktopRound {

    private DesktopRound() {
    }

    /**
     * Runs the step on each desktop until the budget is spent; the rest wait
     * for the next round.
     *
     * @return how many steps returned true; 0 when the round failed (logged here)
     */
    static int run(Logger log, String what, Supplier<List<Desktop>> desktops, Duration budget,
            Predicate<Desktop> step) {
        try {
            List<Desktop> list = desktops.get();
            Instant deadline = Instant.now().plus(budget);
            int n = 0;
            for (Desktop d : list) {
                if (Instant.now().isAfter(deadline)) {
                    break;
                }
                if (d.host().state() == HostState.UP && step.test(d)) {
                    n++;
                }
            }
            return n;
        } catch (RuntimeException e) {
            log.log(Level.SEVERE, what + " round failed", e);
            return 0;
        }
    }
}
