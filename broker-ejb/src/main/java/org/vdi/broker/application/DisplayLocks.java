package org.vdi.broker.application;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.vdi.broker.domain.model.audit.AuditEvent.Outcome;
import org.vdi.broker.domain.model.audit.AuditTrail;
import org.vdi.broker.domain.model.desktop.Desktop;
import org.vdi.broker.domain.model.desktop.DesktopRepository;
import org.vdi.broker.domain.model.hypervisor.Hypervisor;
import org.vdi.broker.domain.shared.BrokerException;

/**
 * Cuts a desktop's displays off from whoever held them: at the end of every
 * holding (release, force release, idle or maximum session time), before the
 * desktop may go to someone else, and when a console is terminated or its user
 * signs out. A SPICE viewer holds the display's password itself (the .vv file,
 * SPICE in the browser), so closing console-proxy's sessions is not enough: the
 * password becomes one nobody knows, expired already, and QEMU drops the SPICE
 * clients (see {@link Hypervisor#lockDisplays}). console-proxy's own sessions
 * close through its poll.
 */
@ApplicationScoped
public class DisplayLocks {

    private static final Logger LOG = Logger.getLogger(DisplayLocks.class.getName());

    @Inject
    Hypervisor hypervisor;

    @Inject
    DesktopRepository desktops;

    @Inject
    AuditTrail audit;

    /**
     * Locks the desktop's displays when its domain should run; before anything
     * else changes, so a failure leaves the holding as it was.
     *
     * @throws BrokerException host_unavailable or hypervisor_error when libvirt cannot do it
     */
    public void lock(Desktop d) {
        if (d.host() != null && d.state().shouldRun()) {
            hypervisor.lockDisplays(d.host(), d.name());
        }
    }

    /**
     * Locks each desktop's displays as far as libvirt lets it; a desktop whose
     * host fails is logged and audited, never an error of the caller's (a
     * terminated console or a sign-out must not fail on a host that is down).
     */
    public void lockAll(Collection<UUID> desktopIds, String actor, String why) {
        for (UUID id : new LinkedHashSet<>(desktopIds)) {
            Desktop d = id == null ? null : desktops.find(id).orElse(null);
            if (d == null) {
                continue;
            }
            try {
                lock(d);
            } catch (BrokerException e) {
                LOG.log(Level.WARNING, "Cannot lock the displays of {0} ({1}): {2}",
                        new Object[] {d.name(), why, e.getMessage()});
                audit.recordApart(actor, "desktop.lock-displays", "desktop", id.toString(), Outcome.FAILED,
                        d.name() + " (" + why + "): " + e.getMessage());
            }
        }
    }
}
