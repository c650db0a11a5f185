package org.vdi.broker.application;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.vdi.broker.config.DesktopConfig;
import org.vdi.broker.domain.model.desktop.Desktop;
import org.vdi.broker.domain.model.hypervisor.GuestReport;
import org.vdi.broker.domain.model.hypervisor.Hypervisor;
import org.vdi.broker.domain.shared.BrokerException;

/**
 * Keeps, for every running desktop of a pool with agent readiness, who is
 * logged in inside its guest and the guest's addresses, as its agent reports
 * them; and releases a held desktop whose user logged off inside the guest
 * when its pool asks for that ({@code guestLogoff: release}) and the grace
 * period has passed. Idleness reads the same record ({@link AssignmentServiceBean#expire}).
 */
@ApplicationScoped
public class GuestWatch {

    private static final Logger LOG = Logger.getLogger(GuestWatch.class.getName());

    /** Desktops one round asks; the rest wait for the next round. */
    static final int ROUND_SIZE = 500;

    /** A round that took this long leaves its remaining desktops to the next round. */
    static final Duration ROUND_BUDGET = Duration.ofSeconds(20);

    @Inject
    DesktopConfig config;

    @Inject
    GuestSteps steps;

    @Inject
    Hypervisor hypervisor;

    @EJB
    AssignmentService assignments;

    /**
     * One round; returns how many desktops were released for a logoff inside
     * their guest. Never throws: a failed round is logged and the next one
     * tries again.
     */
    // NOTE: runs on its own scheduled task (PoolMonitor), no transaction open while
    // libvirt waits: each agent command waits at most vdi.guest.timeout-seconds.
    public int pollRunning() {
        return DesktopRound.run(LOG, "guest poll", () -> steps.watched(ROUND_SIZE), ROUND_BUDGET, this::poll);
    }

    private boolean poll(Desktop d) {
        GuestReport report;
        try {
            report = hypervisor.guestReport(d.host(), d.name(), config.guestTimeoutSeconds());
        } catch (BrokerException e) {
            LOG.log(Level.FINE, "guest agent of {0} not reached: {1}", new Object[] {d.name(), e.getMessage()});
            return false;
        }
        if (!report.answered()) {
            LOG.log(Level.FINE, "guest agent of {0} gave no usable answer: {1}",
                    new Object[] {d.name(), report.detail()});
        }
        try {
            Optional<Instant> loggedOff = steps.record(d.id(), report);
            if (loggedOff.isEmpty() || !d.state().isHeld()
                    || !d.pool().guestLogoffDue(loggedOff.get(), Instant.now())) {
                return false;
            }
            boolean released = assignments.releaseAfterGuestLogoff(d.id());
            if (released) {
                LOG.log(Level.INFO, "desktop {0} released: its user logged off inside the guest at {1}",
                        new Object[] {d.name(), loggedOff.get()});
            }
            return released;
        } catch (RuntimeException e) {
            // another node recorded the same desktop at the same moment, or the desktop went away
            LOG.log(Level.FINE, "guest state of " + d.name() + " not recorded this round", e);
            return false;
        }
    }
}
