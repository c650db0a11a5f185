package org.vdi.broker.application;

import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.vdi.broker.config.DesktopConfig;

/**
 * Runs {@link Reconciler} on every n-th monitor cycle
 * ({@code vdi.monitor.reconcile-every}): it probes every host, so it is too
 * slow for each cycle, and drift (vanished domains, orphans, stopped but
 * assigned desktops) can wait a few cycles.
 */
@ApplicationScoped
public class ReconcileSchedule {

    private static final Logger LOG = Logger.getLogger(ReconcileSchedule.class.getName());

    @Inject
    DesktopConfig config;

    @Inject
    Reconciler reconciler;

    /** Whether cycle number {@code cycle} (counted from 1) is a reconcile cycle. */
    public static boolean isDue(long cycle, int every) {
        return cycle % every == 0;
    }

    /**
     * Reconciles if this cycle is due; returns the pass's result when it
     * repaired anything, for the cycle's summary, else nothing. A failed pass
     * is logged here and never stops the cycle's other jobs.
     */
    public Optional<Reconciler.Result> runIfDue(long cycle) {
        if (!isDue(cycle, config.reconcileEvery())) {
            return Optional.empty();
        }
        try {
            Reconciler.Result r = reconciler.reconcileAll();
            return r.total() > 0 ? Optional.of(r) : Optional.empty();
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "reconcile failed", e);
            return Optional.empty();
        }
    }
}
