package org.vdi.broker.application;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;

import org.vdi.broker.config.DesktopConfig;
import org.vdi.broker.domain.model.host.Host;
import org.vdi.broker.domain.model.host.HostState;
import org.vdi.broker.domain.model.hypervisor.Hypervisor;
import org.vdi.broker.domain.model.pool.Pool;
import org.vdi.broker.domain.model.pool.PoolRepository;

/**
 * Keeps every pool at its spares: each cycle it takes the pool's lease (one
 * broker node per pool at a time), lets {@link MonitorSteps} decide what to
 * create, rebuild or delete in a bounded batch, does that work, and logs one
 * summary line. A pool that keeps failing is skipped for a growing number of
 * cycles (up to about five minutes) while the others go on. Every few cycles
 * it also runs {@link Reconciler} and expires idle and over-long sessions.
 */
@Singleton
@Startup
@DependsOn("SchemaMigrator")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class PoolMonitor {

    private static final Logger LOG = Logger.getLogger(PoolMonitor.class.getName());

    private static final int LEASE_SECONDS = 60;
    private static final int MAX_BACKOFF_CYCLES = 32;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    DesktopConfig config;

    @Inject
    PoolRepository pools;

    @Inject
    MonitorSteps steps;

    @Inject
    DesktopOperations operations;

    @Inject
    Reconciler reconciler;

    @Inject
    Hypervisor hypervisor;

    @Inject
    DesktopEvents events;

    @EJB
    AssignmentService assignments;

    @EJB
    HostService hosts;

    /** Consecutive failures and cycles left to skip, per pool. */
    private final Map<UUID, int[]> backoff = new ConcurrentHashMap<>();

    private final Set<UUID> subscribedHosts = ConcurrentHashMap.newKeySet();

    private String node;

    private long cycle;

    private ScheduledFuture<?> task;

    @PostConstruct
    void start() {
        node = config.nodeName();
        // NOTE: fixed delay, not rate: a slow cycle is never overlapped by the
        // next one on this node; other nodes are kept off a pool by its lease.
        task = scheduler.scheduleWithFixedDelay(this::runCycle, 2, config.monitorIntervalSeconds(), TimeUnit.SECONDS);
        LOG.log(Level.INFO, "Pool monitor started on node {0}, every {1} s", new Object[] {node,
            config.monitorIntervalSeconds()});
    }

    @PreDestroy
    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    private void runCycle() {
        try {
            cycle();
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "pool monitor cycle failed", e);
        }
    }

    /** One cycle; public so tests and admins can run one at once. */
    public synchronized String cycle() {
        cycle++;
        subscribeToHosts();
        int created = 0;
        int rebuilt = 0;
        int deleted = 0;
        int failedPools = 0;
        int skipped = 0;
        Map<String, String> errors = new HashMap<>();
        List<Pool> all = pools.findAll();
        for (Pool pool : all) {
            int[] b = backoff.computeIfAbsent(pool.id(), id -> new int[2]);
            if (b[1] > 0) {
                b[1]--;
                skipped++;
                continue;
            }
            if (!pools.acquireLease(pool.id(), node, LEASE_SECONDS)) {
                skipped++;
                continue;
            }
            try {
                MonitorSteps.Plan plan = steps.plan(pool.id(), config.monitorBatchSize());
                int failures = 0;
                for (UUID id : plan.provision()) {
                    failures += attempt(() -> operations.provision(id));
                }
                for (UUID id : plan.start()) {
                    failures += attempt(() -> operations.startAssigned(id));
                }
                for (UUID id : plan.refresh()) {
                    failures += attempt(() -> operations.refresh(id));
                }
                for (UUID id : plan.delete()) {
                    failures += attempt(() -> operations.delete(id));
                }
                created += plan.provision().size() + plan.start().size();
                rebuilt += plan.refresh().size();
                deleted += plan.delete().size();
                if (failures > 0 && failures == plan.size()) {
                    throw new IllegalStateException(failures + " desktop operations failed");
                }
                backoff.remove(pool.id());
            } catch (RuntimeException e) {
                failedPools++;
                b[0] = Math.min(b[0] + 1, 6);
                b[1] = Math.min(1 << b[0], MAX_BACKOFF_CYCLES);
                errors.put(pool.name(), String.valueOf(e.getMessage()));
            }
        }
        // NOTE: expiry and reconcile each fail on their own: neither may starve the other.
        int expired = 0;
        try {
            expired = assignments.expire();
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "expiring sessions failed", e);
        }
        String reconcile = "";
        if (cycle % config.reconcileEvery() == 0) {
            try {
                Reconciler.Result r = reconciler.reconcileAll();
                if (r.total() > 0) {
                    reconcile = ", reconcile: " + r;
                }
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "reconcile failed", e);
            }
        }
        String summary = String.format("pool monitor cycle %d: %d pools, %d created or started, %d rebuilt, %d deleted,"
                + " %d expired, %d skipped, %d failed%s%s", cycle, all.size(), created, rebuilt, deleted, expired,
                skipped, failedPools, reconcile, errors.isEmpty() ? "" : " " + errors);
        boolean busy = created + rebuilt + deleted + expired + failedPools > 0 || !reconcile.isEmpty();
        LOG.log(failedPools > 0 ? Level.WARNING : busy ? Level.INFO : Level.FINE, summary);
        return summary;
    }

    private static int attempt(Runnable op) {
        try {
            op.run();
            return 0;
        } catch (RuntimeException e) {
            return 1; // already recorded on the desktop by DesktopOperations
        }
    }

    private void subscribeToHosts() {
        for (Host host : hosts.list()) {
            if (host.enabled() && host.state() == HostState.UP && subscribedHosts.add(host.id())) {
                try {
                    hypervisor.subscribe(host, events);
                } catch (RuntimeException e) {
                    subscribedHosts.remove(host.id());
                    LOG.log(Level.WARNING, "cannot subscribe to events of host {0}: {1}",
                            new Object[] {host.name(), e.getMessage()});
                }
            }
        }
    }
}
