package org.vdi.broker.application;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.vdi.broker.application.metrics.BrokerMetrics;
import org.vdi.broker.config.DesktopConfig;
import org.vdi.broker.domain.model.desktop.DesktopState;
import org.vdi.broker.domain.model.hypervisor.Hypervisor;
import org.vdi.broker.domain.shared.BrokerException;

/**
 * What the broker does to a desktop on its host: provision, start, stop,
 * reset, refresh, delete. Each runs as begin (short transaction) - libvirt
 * work (no transaction) - outcome (short transaction); a libvirt failure puts
 * the desktop in ERROR with the cause. The "Later" variants run on the managed
 * executor, for requests that should not wait for QEMU.
 */
@ApplicationScoped
public class DesktopOperations {

    private static final Logger LOG = Logger.getLogger(DesktopOperations.class.getName());

    private static final Set<DesktopState> STARTABLE = EnumSet.of(DesktopState.STOPPED, DesktopState.STARTING,
            DesktopState.ERROR, DesktopState.UNAVAILABLE);
    private static final Set<DesktopState> STOPPABLE = EnumSet.of(DesktopState.AVAILABLE, DesktopState.ASSIGNED,
            DesktopState.IN_USE, DesktopState.STARTING, DesktopState.ERROR, DesktopState.UNAVAILABLE);
    private static final Set<DesktopState> REFRESHABLE = EnumSet.of(DesktopState.AVAILABLE, DesktopState.ASSIGNED,
            DesktopState.IN_USE, DesktopState.STOPPED, DesktopState.ERROR, DesktopState.REFRESHING);
    private static final Set<DesktopState> DELETABLE = EnumSet.allOf(DesktopState.class);
    private static final Set<DesktopState> RESETTABLE = EnumSet.of(DesktopState.AVAILABLE, DesktopState.ASSIGNED,
            DesktopState.IN_USE, DesktopState.STOPPED, DesktopState.ERROR, DesktopState.STARTING);

    @Inject
    DesktopSteps steps;

    @Inject
    Hypervisor hypervisor;

    @Inject
    DesktopConfig config;

    @Inject
    BrokerMetrics metrics;

    @Resource
    ManagedExecutorService executor;

    /** Creates disk and domain for a desktop in PROVISIONING, then starts it. */
    public void provision(UUID desktopId) {
        DesktopJob job = steps.snapshot(desktopId);
        run(job, "provision", () -> {
            long started = System.nanoTime();
            hypervisor.createDisk(job.host(), job.goldenVolume(), job.spec().diskVolume(), job.cloneMode());
            hypervisor.define(job.host(), job.spec());
            hypervisor.start(job.host(), job.desktopName());
            metrics.provisioned(job.host().name(), Duration.ofNanos(System.nanoTime() - started));
            steps.running(desktopId, "provisioned from image version " + job.imageVersion(), null);
        });
    }

    public void start(UUID desktopId) {
        DesktopJob job = steps.begin(desktopId, STARTABLE, DesktopState.STARTING, "start");
        run(job, "start", () -> {
            startOrRedefine(job);
            steps.running(desktopId, "started", null);
        });
    }

    /** Starts a desktop that assignment already moved to STARTING. */
    public void startAssigned(UUID desktopId) {
        DesktopJob job = steps.snapshot(desktopId);
        run(job, "start", () -> {
            startOrRedefine(job);
            steps.running(desktopId, "started for its user", null);
        });
    }

    public void stop(UUID desktopId) {
        DesktopJob job = steps.begin(desktopId, STOPPABLE, DesktopState.STOPPED, "stop requested");
        run(job, "stop", () -> {
            hypervisor.shutdown(job.host(), job.desktopName(), Duration.ofSeconds(config.shutdownTimeoutSeconds()));
            steps.stopped(desktopId, "stopped", null);
        });
    }

    /** Power-cycles the desktop (the user's "reset"). */
    public void reset(UUID desktopId) {
        DesktopJob job = steps.begin(desktopId, RESETTABLE, DesktopState.STARTING, "reset");
        run(job, "reset", () -> {
            hypervisor.destroy(job.host(), job.desktopName());
            startOrRedefine(job);
            steps.running(desktopId, "reset", null);
        });
    }

    /**
     * Reverts the disk to the pool's current image version: powers off, makes a
     * fresh clone over the old disk, defines and starts the domain again.
     */
    public void refresh(UUID desktopId) {
        DesktopJob job = steps.begin(desktopId, REFRESHABLE, DesktopState.REFRESHING, "refresh");
        run(job, "refresh", () -> {
            hypervisor.destroy(job.host(), job.desktopName());
            hypervisor.createDisk(job.host(), job.goldenVolume(), job.spec().diskVolume(), job.cloneMode());
            hypervisor.define(job.host(), job.spec());
            hypervisor.start(job.host(), job.desktopName());
            steps.running(desktopId, "refreshed to image version " + job.imageVersion(), job.imageVersion());
        });
    }

    /** Removes domain and disk, then the desktop's row. */
    public void delete(UUID desktopId) {
        DesktopJob job = steps.begin(desktopId, DELETABLE, DesktopState.DELETING, "delete");
        run(job, "delete", () -> {
            hypervisor.destroy(job.host(), job.desktopName());
            hypervisor.undefine(job.host(), job.desktopName());
            hypervisor.deleteVolume(job.host(), job.spec().diskVolume());
            steps.deleted(desktopId);
        });
    }

    /**
     * Brings back a desktop whose domain vanished behind the broker's back:
     * a new disk when that is gone too (a fresh clone of its image version),
     * the definition, and a start when the desktop should run.
     */
    public void restore(UUID desktopId, boolean shouldRun) {
        DesktopJob job = steps.snapshot(desktopId);
        run(job, "restore", () -> {
            if (hypervisor.volume(job.host(), job.spec().diskVolume()).isEmpty()) {
                hypervisor.createDisk(job.host(), job.goldenVolume(), job.spec().diskVolume(), job.cloneMode());
            }
            hypervisor.define(job.host(), job.spec());
            if (shouldRun) {
                hypervisor.start(job.host(), job.desktopName());
                steps.running(desktopId, "restored by reconcile: domain was missing", null);
            } else {
                steps.stopped(desktopId, "restored by reconcile: domain was missing", null);
            }
        });
    }

    /** Records that the desktop's domain runs, without touching it (an interrupted operation got that far). */
    public void settle(UUID desktopId, String cause) {
        steps.running(desktopId, cause, null);
    }

    /** Starts a desktop the database says runs but whose domain is off. */
    public void restart(UUID desktopId, String cause) {
        DesktopJob job = steps.snapshot(desktopId);
        run(job, "restart", () -> {
            startOrRedefine(job);
            steps.running(desktopId, cause, null);
        });
    }

    /**
     * Starts the desktop's domain; when the domain vanished behind the broker's back
     * (undefined on the host), defines it again from the desktop's spec first, with a
     * fresh disk if that is gone too, as reconcile's restore does. Otherwise a start that
     * raced reconcile would leave the desktop in error for an admin to repair.
     */
    private void startOrRedefine(DesktopJob job) {
        if (hypervisor.powerState(job.host(), job.desktopName()) == Hypervisor.PowerState.MISSING) {
            LOG.log(Level.INFO, "domain {0} is missing on {1}; defining it again before the start",
                    new Object[] {job.desktopName(), job.host().name()});
            if (hypervisor.volume(job.host(), job.spec().diskVolume()).isEmpty()) {
                hypervisor.createDisk(job.host(), job.goldenVolume(), job.spec().diskVolume(), job.cloneMode());
            }
            hypervisor.define(job.host(), job.spec());
        }
        hypervisor.start(job.host(), job.desktopName());
    }

    /** Runs one of the operations above on the managed executor. */
    public CompletableFuture<Void> later(String what, UUID desktopId, java.util.function.Consumer<UUID> op) {
        // NOTE: the managed executor carries the application's context (JNDI,
        // class loader) to the worker thread; a plain thread would lack it.
        return CompletableFuture.runAsync(() -> {
            try {
                op.accept(desktopId);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "{0} of desktop {1} failed: {2}", new Object[] {what, desktopId, e.getMessage()});
            }
        }, executor);
    }

    private void run(DesktopJob job, String what, Runnable work) {
        try {
            work.run();
        } catch (BrokerException e) {
            LOG.log(Level.WARNING, "{0} of desktop {1} on host {2} failed: {3}",
                    new Object[] {what, job.desktopName(), job.host().name(), e.getMessage()});
            steps.failed(job.desktopId(), what + " failed: " + e.getMessage());
            throw e;
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, what + " of desktop " + job.desktopName() + " failed", e);
            steps.failed(job.desktopId(), what + " failed: " + e);
            throw e;
        }
    }
}
