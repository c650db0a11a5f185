package org.vdi.broker.application;

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
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;

import org.vdi.broker.config.DesktopConfig;

/**
 * The broker's heartbeat: every {@code vdi.monitor.interval-seconds} it runs
 * one cycle of the jobs that keep desktops in shape, each on its own so that
 * one failing never starves the others, and logs one summary line
 * ({@link CycleSummary}). The jobs, in order:
 * {@link HostEventSubscriptions} (listen to hosts that came up),
 * {@link PoolUpkeep} (spares, image versions, deleted pools; per pool lease
 * and back-off), {@link SessionExpiry} (idle and over-long sessions) and
 * {@link ReconcileSchedule} (every few cycles, repair drift). Beside the
 * cycle, on its own shorter period, {@link GuestReadiness} hands on desktops
 * whose guest agent has come up, and {@link GuestWatch} keeps running
 * desktops' guest logon state and addresses.
 */
@Singleton
@Startup
@DependsOn("SchemaMigrator")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class PoolMonitor {

    private static final Logger LOG = Logger.getLogger(PoolMonitor.class.getName());

    /** Lets the application finish deploying before the first cycle. */
    private static final int FIRST_DELAY_SECONDS = 2;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    DesktopConfig config;

    @Inject
    HostEventSubscriptions subscriptions;

    @Inject
    PoolUpkeep upkeep;

    @Inject
    SessionExpiry expiry;

    @Inject
    ReconcileSchedule reconcile;

    private String node;

    private long cycle;

    @Inject
    GuestReadiness readiness;

    private ScheduledFuture<?> task;

    private ScheduledFuture<?> readinessTask;

    @Inject
    GuestWatch guests;

    private ScheduledFuture<?> guestTask;

    @PostConstruct
    void start() {
        node = config.nodeName();
        // NOTE: fixed delay, not rate: a slow cycle is never overlapped by the
        // next one on this node; other nodes are kept off a pool by its lease.
        task = scheduler.scheduleWithFixedDelay(this::runCycle, FIRST_DELAY_SECONDS, config.monitorIntervalSeconds(),
                TimeUnit.SECONDS);
        // NOTE: a task of its own, not a job of the cycle: a user waiting for a
        // desktop should not wait for a cycle that provisions a batch. Fixed delay:
        // rounds never overlap; checkWaiting() bounds each one and never throws.
        readinessTask = scheduler.scheduleWithFixedDelay(readiness::checkWaiting, FIRST_DELAY_SECONDS,
                config.readinessPollSeconds(), TimeUnit.SECONDS);
        // NOTE: its own task too: a round asks every running guest and may take
        // seconds; pollRunning() bounds each round and never throws.
        guestTask = scheduler.scheduleWithFixedDelay(guests::pollRunning, FIRST_DELAY_SECONDS,
                config.guestPollSeconds(), TimeUnit.SECONDS);
        LOG.log(Level.INFO, "Pool monitor started on node {0}, every {1} s; guest readiness every {2} s;"
                + " guest logons every {3} s", new Object[] {node, config.monitorIntervalSeconds(),
                config.readinessPollSeconds(), config.guestPollSeconds()});
    }

    @PreDestroy
    void stop() {
        if (task != null) {
            task.cancel(false);
        }
        if (readinessTask != null) {
            readinessTask.cancel(false);
        }
        if (guestTask != null) {
            guestTask.cancel(false);
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
    // NOTE: synchronized: a cycle run at once never overlaps the scheduled one,
    // and the jobs' own state (back-offs, subscribed hosts) is touched by one thread at a time.
    public synchronized String cycle() {
        cycle++;
        subscriptions.subscribeNewHosts();
        PoolUpkeep.Result pools = upkeep.keepAll(cycle, node);
        // NOTE: expiry and reconcile each fail on their own: neither may starve the other.
        int expired = expiry.expireDue();
        CycleSummary summary = new CycleSummary(cycle, pools, expired, reconcile.runIfDue(cycle));
        String line = summary.line();
        LOG.log(summary.level(), line);
        return line;
    }
}
