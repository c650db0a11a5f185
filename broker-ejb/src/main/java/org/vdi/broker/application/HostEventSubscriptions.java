package org.vdi.broker.application;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.vdi.broker.domain.model.host.Host;
import org.vdi.broker.domain.model.host.HostState;
import org.vdi.broker.domain.model.hypervisor.Hypervisor;

/**
 * Subscribes {@link DesktopEvents} to the lifecycle events of every enabled
 * host that is up, once per host for the life of this node, so that desktop
 * state follows the hosts between reconcile passes. Checked at every monitor
 * cycle, so a host registered or come back later is picked up within one
 * cycle; a subscription that fails is tried again at the next.
 */
@ApplicationScoped
public class HostEventSubscriptions {

    private static final Logger LOG = Logger.getLogger(HostEventSubscriptions.class.getName());

    @EJB
    HostService hosts;

    @Inject
    Hypervisor hypervisor;

    @Inject
    DesktopEvents events;

    // NOTE: written from PoolMonitor's cycle only, one at a time; the adapter
    // keeps the subscription alive across reconnects, so a host is subscribed once.
    private final Set<UUID> subscribed = ConcurrentHashMap.newKeySet();

    /** Subscribes to the hosts not yet subscribed; failures are logged and retried next cycle. */
    public void subscribeNewHosts() {
        for (Host host : hosts.list()) {
            if (host.enabled() && host.state() == HostState.UP && subscribed.add(host.id())) {
                try {
                    hypervisor.subscribe(host, events);
                } catch (RuntimeException e) {
                    subscribed.remove(host.id());
                    LOG.log(Level.WARNING, "cannot subscribe to events of host {0}: {1}",
                            new Object[] {host.name(), e.getMessage()});
                }
            }
        }
    }
}
