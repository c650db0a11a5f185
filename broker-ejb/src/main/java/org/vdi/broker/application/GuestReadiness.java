package org.vdi.broker.application;

import java.time.Duration;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.vdi.broker.config.DesktopConfig;
import org.vdi.broker.domain.model.desktop.Desktop;
import org.vdi.broker.domain.model.hypervisor.AgentReply;
import org.vdi.broker.domain.model.hypervisor.Hypervisor;
import org.vdi.broker.domain.shared.BrokerException;

/**
 * Hands out desktops only when their guest is ready: every few seconds it
 * pings the guest agent of each desktop that waits in STARTING (pools with
 * {@code agent} readiness) and moves those that answer on to AVAILABLE, or
 * ASSIGNED when a user holds them. A desktop that never answers is not this
 * class's business: the pool monitor fails it when the pool's readiness
 * timeout has passed ({@link MonitorSteps}), and replaces it after a back-off.
 */
@ApplicationScoped
public class GuestReadiness {

    private static final Logger LOG = Logger.getLogger(GuestReadiness.class.getName());

    /** Desktops one round looks at; the rest, the most recently started, wait for the next round. */
    static final int ROUND_SIZE = 200;

    /** A round that took this long leaves its remaining desktops to the next round. */
    static final Duration ROUND_BUDGET = Duration.ofSeconds(10);

    @Inject
    DesktopConfig config;

    @Inject
    DesktopSteps steps;

    @Inject
    Hypervisor hypervisor;

    /**
     * One round; returns how many desktops became ready. Never throws: a
     * failed round is logged and the next one tries again.
     */
    // NOTE: runs on its own scheduled task, not in the monitor's cycle, so a long
    // cycle (provisioning a batch) does not delay readiness, and no transaction is
    // open while libvirt waits for an agent: each ping waits at most
    // vdi.readiness.ping-timeout-seconds, and an agent that is not connected
    // fails at once.
    public int checkWaiting() {
        return DesktopRound.run(LOG, "guest readiness", () -> steps.waitingForAgent(ROUND_SIZE), ROUND_BUDGET,
                this::check);
    }

    private boolean check(Desktop d) {
        AgentReply reply;
        try {
            reply = hypervisor.pingGuestAgent(d.host(), d.name(), config.readinessPingTimeoutSeconds());
        } catch (BrokerException e) {
            LOG.log(Level.FINE, "guest agent of {0} not reached: {1}", new Object[] {d.name(), e.getMessage()});
            return false;
        }
        if (!reply.answered()) {
            LOG.log(Level.FINE, "guest agent of {0} silent: {1}", new Object[] {d.name(), reply.detail()});
            return false;
        }
        long waited = Duration.between(d.stateChangedAt(), Instant.now()).toMillis();
        boolean moved = steps.ready(d.id(), "ready: its guest agent answered " + seconds(waited) + " s after the start");
        if (moved) {
            LOG.log(Level.INFO, "desktop {0} is ready: its guest agent answered after {1} s",
                    new Object[] {d.name(), seconds(waited)});
        }
        return moved;
    }

    private static String seconds(long millis) {
        return String.format(java.util.Locale.ROOT, "%.1f", millis / 1000.0);
    }
}
