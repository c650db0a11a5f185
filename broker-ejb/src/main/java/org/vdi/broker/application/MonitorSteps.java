package org.vdi.broker.application;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import org.vdi.broker.domain.model.desktop.Desktop;
import org.vdi.broker.domain.model.desktop.DesktopRepository;
import org.vdi.broker.domain.model.desktop.DesktopState;
import org.vdi.broker.domain.model.host.Host;
import org.vdi.broker.domain.model.pool.Pool;
import org.vdi.broker.domain.model.pool.PoolRepository;
import org.vdi.broker.domain.shared.BrokerException;
import org.vdi.broker.domain.shared.ErrorCode;

/**
 * The pool monitor's decisions, each in one short transaction with the pool
 * row locked: what to create, rebuild or delete in this cycle. The slow work
 * happens afterwards, outside the transaction.
 */
// NOTE: REQUIRES_NEW: each decision commits before libvirt is touched, so a
// crash between the two leaves rows that reconcile and the next cycle repair.
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class MonitorSteps {

    /**
     * What one cycle decided for a pool.
     *
     * @param notReady desktops that failed to become ready in time in this cycle; the free ones
     *        among them are in {@code delete}, and the pool backs off before replacing them
     */
    public record Plan(List<UUID> provision, List<UUID> start, List<UUID> refresh, List<UUID> delete,
            boolean poolRemoved, int notReady) {

        public Plan(List<UUID> provision, List<UUID> start, List<UUID> refresh, List<UUID> delete,
                boolean poolRemoved) {
            this(provision, start, refresh, delete, poolRemoved, 0);
        }

        public int size() {
            return provision.size() + start.size() + refresh.size() + delete.size();
        }
    }

    @Inject
    PoolRepository pools;

    @Inject
    DesktopRepository desktops;

    @Inject
    Placement placement;

    @Inject
    SpareTargets targets;

    @Inject
    ScaleDown scaleDown;

    /**
     * Decides one cycle's work for a pool and marks the desktops it picked, so
     * that a second node or cycle cannot pick them again; {@code batch} bounds
     * the desktops touched, so one large pool cannot hold the monitor's cycle.
     */
    public Plan plan(UUID poolId, int batch) {
        Pool pool = pools.lock(poolId).orElse(null);
        if (pool == null) {
            return new Plan(List.of(), List.of(), List.of(), List.of(), true);
        }
        List<Desktop> all = desktops.findByPool(poolId);
        if (!pool.enabled()) {
            return drain(pool, all, batch);
        }
        SpareTargets.Applied target = targets.at(pool, Instant.now());
        int spareTarget = target.spareTarget();
        int sizeCap = target.sizeCap();
        Plan notReady = failNotReady(pool, all, batch);
        if (notReady != null) {
            return notReady;
        }
        List<UUID> refresh = new ArrayList<>();
        int current = pool.image().current().number();
        for (Desktop d : all) {
            if (refresh.size() >= batch) {
                break;
            }
            // spares move to a new image version now; held desktops at their next refresh
            if (d.isFree() && d.imageVersion() < current
                    && (d.state() == DesktopState.AVAILABLE || d.state() == DesktopState.STOPPED)) {
                d.moveTo(DesktopState.REFRESHING, "image version " + current + " replaces " + d.imageVersion());
                refresh.add(d.id());
            }
        }
        Map<DesktopState, Long> counts = desktops.countByState(poolId);
        long spares = all.stream().filter(d -> d.isFree() && (d.state() == DesktopState.AVAILABLE
                || d.state() == DesktopState.STARTING || d.state() == DesktopState.PROVISIONING
                || d.state() == DesktopState.REFRESHING)).count();
        long total = all.size() - counts.get(DesktopState.DELETING);
        // warm spares first from stopped free desktops, then new ones
        List<UUID> start = new ArrayList<>();
        for (Desktop d : all) {
            if (spares + start.size() >= spareTarget || refresh.size() + start.size() >= batch) {
                break;
            }
            if (d.isFree() && d.state() == DesktopState.STOPPED && !refresh.contains(d.id())) {
                d.moveTo(DesktopState.STARTING, "warm spare");
                start.add(d.id());
            }
        }
        long need = Math.min(Math.min(spareTarget - spares - start.size(), sizeCap - total),
                batch - refresh.size() - start.size());
        List<UUID> provision = new ArrayList<>();
        for (int i = 0; i < need; i++) {
            Host host = placement.choose(pool).orElseThrow(() -> new BrokerException(ErrorCode.HOST_UNAVAILABLE,
                    "no host is up with room and golden image " + pool.image().current().volume()
                            + " for pool " + pool.name()));
            Desktop d = new Desktop(pool, host, pool.takeNumber(), current);
            desktops.add(d);
            provision.add(d.id());
        }
        List<UUID> surplus = scaleDown.pick(pool, target, spares, total, batch - refresh.size());
        return new Plan(provision, start, refresh, surplus, false);
    }

    /**
     * Desktops that stayed STARTING past the pool's readiness timeout go to
     * ERROR with the cause; free ones are deleted at once, and this cycle
     * provisions nothing for the pool: the pool counts as failing, so its
     * back-off spaces out the replacements of an image whose guests never
     * become ready. A held desktop stays in ERROR for its user's reset or an
     * admin. Null when every STARTING desktop is within its time.
     */
    private Plan failNotReady(Pool pool, List<Desktop> all, int batch) {
        Instant now = Instant.now();
        List<UUID> delete = new ArrayList<>();
        int failed = 0;
        for (Desktop d : all) {
            if (d.state() != DesktopState.STARTING || !pool.readinessExpired(d.stateChangedAt(), now)) {
                continue;
            }
            d.fail("not ready: its guest agent did not answer within " + pool.readinessTimeoutSeconds()
                    + " s of the start (" + d.stateCause() + ")");
            failed++;
            if (d.isFree() && delete.size() < batch) {
                // NOTE: flush, so the trigger records ERROR with its cause before DELETING.
                desktops.flush();
                d.moveTo(DesktopState.DELETING, "replaced: it did not become ready in time");
                delete.add(d.id());
            }
        }
        return failed == 0 ? null : new Plan(List.of(), List.of(), List.of(), delete, false, failed);
    }

    private Plan drain(Pool pool, List<Desktop> all, int batch) {
        if (all.isEmpty()) {
            pools.remove(pool);
            return new Plan(List.of(), List.of(), List.of(), List.of(), true);
        }
        List<UUID> delete = new ArrayList<>();
        for (Desktop d : all) {
            if (delete.size() >= batch) {
                break;
            }
            if (d.state() != DesktopState.DELETING) {
                d.moveTo(DesktopState.DELETING, "pool " + pool.name() + " deleted");
                delete.add(d.id());
            }
        }
        return new Plan(List.of(), List.of(), List.of(), delete, false);
    }

    /** Marks the desktops of a host that is down; returns how many changed. */
    public int markHostDown(UUID hostId, String reason) {
        int n = 0;
        for (Desktop d : desktops.findByHost(hostId)) {
            if (d.state().canMoveTo(DesktopState.UNAVAILABLE)) {
                d.moveTo(DesktopState.UNAVAILABLE, "host down: " + reason);
                n++;
            }
        }
        return n;
    }
}
