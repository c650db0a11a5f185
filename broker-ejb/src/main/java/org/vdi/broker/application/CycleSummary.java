package org.vdi.broker.application;

import java.util.Optional;
import java.util.logging.Level;

/**
 * The one line the pool monitor logs per cycle, and how loud: a warning when a
 * pool failed, info when anything changed, fine for an idle cycle, so that a
 * quiet broker keeps a quiet log while every change stays visible.
 *
 * @param cycle this node's cycle number
 * @param pools what the pass over the pools did
 * @param expired assignments ended for idle or session time
 * @param reconcile the reconcile pass, when one ran and repaired something
 */
public record CycleSummary(long cycle, PoolUpkeep.Result pools, int expired, Optional<Reconciler.Result> reconcile) {

    /** The log line, in the format admins and scripts have always seen. */
    public String line() {
        return String.format("pool monitor cycle %d: %d pools, %d created or started, %d rebuilt, %d deleted,"
                + " %d expired, %d skipped, %d failed%s%s", cycle, pools.pools(), pools.created(), pools.rebuilt(),
                pools.deleted(), expired, pools.skipped(), pools.failedPools(),
                reconcile.map(r -> ", reconcile: " + r).orElse(""),
                pools.errors().isEmpty() ? "" : " " + pools.errors());
    }

    public Level level() {
        if (pools.failedPools() > 0) {
            return Level.WARNING;
        }
        boolean busy = pools.created() + pools.rebuilt() + pools.deleted() + expired > 0 || reconcile.isPresent();
        return busy ? Level.INFO : Level.FINE;
    }
}
