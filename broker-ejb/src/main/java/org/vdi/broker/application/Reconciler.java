package org.vdi.broker.application;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.vdi.broker.domain.model.desktop.Desktop;
import org.vdi.broker.domain.model.desktop.DesktopState;
import org.vdi.broker.domain.model.host.Host;
import org.vdi.broker.domain.model.host.HostState;
import org.vdi.broker.domain.model.hypervisor.Hypervisor;
import org.vdi.broker.domain.model.hypervisor.Hypervisor.PowerState;
import org.vdi.broker.domain.model.hypervisor.TaggedDomain;

/**
 * Repairs drift between the database and the hosts: domains that vanished,
 * desktops that should run but are off, desktops of hosts that came back, and
 * orphan domains that carry the broker's metadata, a pool of this broker and
 * no desktop row. Domains without the broker's metadata are never looked at,
 * let alone touched; tagged domains of pools this broker does not know belong
 * to another installation and are left alone too.
 */
@ApplicationScoped
public class Reconciler {

    private static final Logger LOG = Logger.getLogger(Reconciler.class.getName());

    /** Desktops changed more recently than this may have an operation in flight. */
    private static final Duration SETTLE = Duration.ofSeconds(90);

    private static final Set<DesktopState> IN_FLIGHT = Set.of(DesktopState.PROVISIONING, DesktopState.STARTING,
            DesktopState.REFRESHING, DesktopState.DELETING);

    /** What one pass did. */
    public record Result(int restored, int restarted, int orphansRemoved, int markedUnavailable) {
        public int total() {
            return restored + restarted + orphansRemoved + markedUnavailable;
        }
    }

    @Inject
    Hypervisor hypervisor;

    @Inject
    DesktopOperations operations;

    @Inject
    MonitorSteps steps;

    @EJB
    HostService hostService;

    @EJB
    ReconcileReads reads;

    public Result reconcileAll() {
        int restored = 0;
        int restarted = 0;
        int orphans = 0;
        int unavailable = 0;
        for (Host host : hostService.probeAll()) {
            if (!host.enabled()) {
                continue;
            }
            if (host.state() != HostState.UP) {
                unavailable += steps.markHostDown(host.id(), host.stateReason());
                continue;
            }
            Result r = reconcileHost(host);
            restored += r.restored();
            restarted += r.restarted();
            orphans += r.orphansRemoved();
        }
        return new Result(restored, restarted, orphans, unavailable);
    }

    public Result reconcileHost(Host host) {
        List<TaggedDomain> tagged = hypervisor.listTagged(host);
        Map<UUID, TaggedDomain> byDesktop = new HashMap<>();
        tagged.forEach(t -> byDesktop.put(t.desktopId(), t));
        List<Desktop> desktops = reads.onHost(host.id());
        Instant settled = Instant.now().minus(SETTLE);
        int restored = 0;
        int restarted = 0;
        for (Desktop d : desktops) {
            boolean recent = d.stateChangedAt().isAfter(settled);
            if (IN_FLIGHT.contains(d.state()) && recent) {
                continue;
            }
            TaggedDomain dom = byDesktop.get(d.id());
            boolean shouldRun = d.state().shouldRun() || d.state() == DesktopState.UNAVAILABLE
                    || !d.isFree() && d.state() != DesktopState.STOPPED;
            try {
                if (d.state() == DesktopState.DELETING) {
                    operations.delete(d.id());
                } else if (d.state() == DesktopState.ERROR) {
                    continue; // an admin decides: refresh, delete or start
                } else if (d.state() == DesktopState.REFRESHING) {
                    // a refresh that a stopped broker left half-way: the overlay may be the old one
                    operations.refresh(d.id());
                } else if (dom == null) {
                    operations.restore(d.id(), shouldRun || IN_FLIGHT.contains(d.state()));
                    restored++;
                } else if (shouldRun && dom.state() != PowerState.RUNNING) {
                    operations.restart(d.id(), "restarted by reconcile: domain was " + dom.state());
                    restarted++;
                } else if (d.state() == DesktopState.PROVISIONING) {
                    // provisioning that a stopped broker left half-way, past its define
                    if (dom.state() == PowerState.RUNNING) {
                        operations.settle(d.id(), "settled by reconcile: provisioning was interrupted; the domain runs");
                    } else {
                        operations.restart(d.id(), "started by reconcile: provisioning was interrupted");
                    }
                    restarted++;
                } else if (d.state() == DesktopState.UNAVAILABLE || d.state() == DesktopState.STARTING) {
                    operations.restart(d.id(), "host is back; domain runs");
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "reconcile of desktop {0} failed: {1}", new Object[] {d.name(), e.getMessage()});
            }
        }
        int orphans = 0;
        Set<UUID> known = new java.util.HashSet<>();
        desktops.forEach(d -> known.add(d.id()));
        for (TaggedDomain t : tagged) {
            // NOTE: only domains of pools this broker knows are its orphans: another
            // broker installation on the same host (say a test run beside a live
            // stack) tags its domains too, with pool ids this database never had.
            if (!known.contains(t.desktopId()) && reads.poolExists(t.poolId()) && !reads.exists(t.desktopId())) {
                try {
                    hypervisor.destroy(host, t.name());
                    hypervisor.undefine(host, t.name());
                    hypervisor.deleteVolume(host, t.name() + ".qcow2");
                    orphans++;
                    LOG.log(Level.INFO, "removed orphan domain {0} on {1}", new Object[] {t.name(), host.name()});
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "removing orphan {0} failed: {1}", new Object[] {t.name(), e.getMessage()});
                }
            }
        }
        return new Result(restored, restarted, orphans, 0);
    }
}
