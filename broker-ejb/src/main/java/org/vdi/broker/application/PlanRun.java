package org.vdi.broker.application;

import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * What carrying out one pool's {@link MonitorSteps.Plan} came to. A desktop
 * operation that fails has already put its desktop in ERROR with the cause,
 * so one failure does not stop the rest of the batch; only a plan in which
 * every operation failed counts as a failed pool (and backs the pool off),
 * because then the cause is the pool's or its host's, not one desktop's.
 *
 * @param created desktops provisioned or warm spares started
 * @param rebuilt spares refreshed to the current image version
 * @param deleted desktops deleted because their pool is going away
 * @param failures operations that threw
 */
public record PlanRun(int created, int rebuilt, int deleted, int failures) {

    /** The four operations a plan asks for, as the monitor calls them. */
    public record Operations(Consumer<UUID> provision, Consumer<UUID> startSpare, Consumer<UUID> refresh,
            Consumer<UUID> delete) {
    }

    /**
     * Runs the plan in the order the monitor always has: provision, start,
     * refresh, delete.
     */
    // NOTE: runs on the monitor's thread with no transaction open: each
    // operation opens its own short ones around the libvirt work.
    public static PlanRun of(MonitorSteps.Plan plan, Operations ops) {
        int failures = each(plan.provision(), ops.provision())
                + each(plan.start(), ops.startSpare())
                + each(plan.refresh(), ops.refresh())
                + each(plan.delete(), ops.delete());
        return new PlanRun(plan.provision().size() + plan.start().size(), plan.refresh().size(),
                plan.delete().size(), failures);
    }

    /** Whether the plan had work and none of it succeeded. */
    public boolean allFailed() {
        return failures > 0 && failures == created + rebuilt + deleted;
    }

    private static int each(List<UUID> ids, Consumer<UUID> op) {
        int failures = 0;
        for (UUID id : ids) {
            try {
                op.accept(id);
            } catch (RuntimeException e) {
                failures++; // already recorded on the desktop by DesktopOperations
            }
        }
        return failures;
    }
}
