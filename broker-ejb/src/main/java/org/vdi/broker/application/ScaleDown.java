package org.vdi.broker.application;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.vdi.broker.domain.model.desktop.Desktop;
import org.vdi.broker.domain.model.desktop.DesktopRepository;
import org.vdi.broker.domain.model.desktop.DesktopState;
import org.vdi.broker.domain.model.pool.Pool;

/**
 * After a capacity window ends, picks the free desktops above the target for
 * deletion (above what a window starting within the hour wants, that is, so a
 * ramp-up is never undone before its window): stopped free ones first while the pool is above its size cap,
 * then running spares while there are more than the spare target. Only a
 * desktop nobody holds is taken, and each is locked with {@code SKIP LOCKED}
 * as assignment locks them, so a desktop being handed out right now is never
 * picked. Pools without a schedule keep the spares they have, as before.
 */
// NOTE: runs inside MonitorSteps' transaction with the pool row locked; the picked
// desktops are DELETING when it commits, and the monitor deletes them afterwards.
@ApplicationScoped
public class ScaleDown {

    @Inject
    DesktopRepository desktops;

    /**
     * @param spares the pool's free running or coming spares
     * @param total the pool's desktops not being deleted
     * @param room how many desktops this cycle may still touch
     * @return the desktops marked DELETING
     */
    public List<UUID> pick(Pool pool, SpareTargets.Applied target, long spares, long total, int room) {
        long overSpares = spares - target.keepSpares();
        long overSize = total - target.keepSize();
        if (!target.scheduled() || (overSpares <= 0 && overSize <= 0) || room <= 0) {
            return List.of();
        }
        // NOTE: flush, so the native lock queries see this transaction's state changes (refreshes).
        desktops.flush();
        List<UUID> picked = new ArrayList<>();
        take(pool, DesktopState.STOPPED, Math.min(overSize, room), picked, "above the pool's size cap of "
                + target.keepSize());
        long running = Math.max(overSpares, overSize - picked.size());
        take(pool, DesktopState.AVAILABLE, Math.min(running, room - picked.size()), picked,
                "above the spare target of " + target.keepSpares());
        return picked;
    }

    private void take(Pool pool, DesktopState state, long n, List<UUID> picked, String why) {
        for (int i = 0; i < n; i++) {
            // NOTE: locked again to refresh it: a copy read earlier in this transaction may predate the lock
            Optional<Desktop> d = desktops.lockOneFree(pool.id(), state).flatMap(x -> desktops.lock(x.id()));
            if (d.isEmpty()) {
                return;
            }
            d.get().moveTo(DesktopState.DELETING, "capacity schedule: " + why);
            desktops.flush();
            picked.add(d.get().id());
        }
    }
}
