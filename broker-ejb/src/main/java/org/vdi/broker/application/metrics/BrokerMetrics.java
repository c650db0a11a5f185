package org.vdi.broker.application.metrics;

import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.vdi.broker.domain.shared.ErrorCode;

/**
 * The broker's counters and timers, one call per event for the services that see
 * it. Every method swallows its own failures: a metric that cannot be recorded is
 * logged and forgotten, never the reason an assignment or a start fails.
 * Tag values are pool names, host names and fixed codes, never users or desktops.
 */
@ApplicationScoped
public class BrokerMetrics {

    private static final Logger LOG = Logger.getLogger(BrokerMetrics.class.getName());

    // NOTE: timers say their unit, nanoseconds (what Timer.update records): Payara then
    // scales them to seconds and names them so (vdi_assignment_latency_seconds); without a
    // unit it writes the raw nanoseconds under the bare name.
    static final Metadata ASSIGNMENTS = Metadata.builder().withName("vdi_assignments")
            .withDescription("Desktop assignments (\"connect\") by pool and outcome").build();
    static final Metadata ASSIGNMENT_LATENCY = Metadata.builder().withName("vdi_assignment_latency")
            .withDescription("Time from the assignment request to its commit, by pool")
            .withUnit(MetricUnits.NANOSECONDS).build();
    static final Metadata PROVISIONING = Metadata.builder().withName("vdi_provisioning_duration")
            .withDescription("Time to provision a desktop (clone its disk, define and start its domain), by host")
            .withUnit(MetricUnits.NANOSECONDS).build();
    static final Metadata LIBVIRT_ERRORS = Metadata.builder().withName("vdi_libvirt_errors")
            .withDescription("Failed libvirt calls by libvirt error code and the broker error they became")
            .build();

    @Inject
    MetricRegistry registry;

    @Resource
    TransactionSynchronizationRegistry transactions;

    /**
     * Starts counting an assignment request of the pool, in the caller's transaction:
     * {@code vdi_assignments} and {@code vdi_assignment_latency} are recorded when it
     * ends, so the count says what the commit made of it and the latency includes it.
     */
    // NOTE: afterCompletion runs on the request's thread once the container's transaction
    // committed or rolled back; without a transaction the tally is dropped (and logged),
    // never the assignment.
    public AssignmentTally assignmentStarted(String pool) {
        AssignmentTally tally = new AssignmentTally(pool, this::assignment, System::nanoTime);
        try {
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                }

                @Override
                public void afterCompletion(int status) {
                    tally.completed(status == Status.STATUS_COMMITTED);
                }
            });
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Cannot count an assignment of pool {0}: {1}", new Object[] {pool, e.toString()});
        }
        return tally;
    }

    /** One finished assignment request of the pool, with how long it took up to its commit. */
    void assignment(String pool, AssignmentOutcome outcome, Duration took) {
        safely("vdi_assignments", () -> {
            registry.counter(ASSIGNMENTS, new Tag("pool", pool), new Tag("outcome", outcome.tag())).inc();
            registry.timer(ASSIGNMENT_LATENCY, new Tag("pool", pool)).update(took);
        });
    }

    /** A desktop provisioned on the host (clone, define, start), in that time. */
    public void provisioned(String host, Duration took) {
        safely("vdi_provisioning_duration", () -> registry.timer(PROVISIONING, new Tag("host", host)).update(took));
    }

    /**
     * A libvirt call failed.
     *
     * @param libvirtCode libvirt's error number (e.g. VIR_ERR_OPERATION_FAILED), or null when it gave none
     * @param error       the broker error it became
     */
    public void libvirtError(String libvirtCode, ErrorCode error) {
        safely("vdi_libvirt_errors", () -> registry.counter(LIBVIRT_ERRORS,
                new Tag("code", LibvirtCodes.tag(libvirtCode)),
                new Tag("error", error.name().toLowerCase(java.util.Locale.ROOT))).inc());
    }

    private static void safely(String metric, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Cannot record metric {0}: {1}", new Object[] {metric, e.toString()});
        }
    }
}
