package org.vdi.broker.application;

import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.vdi.broker.domain.model.desktop.Desktop;
import org.vdi.broker.domain.model.desktop.DesktopState;
import org.vdi.broker.domain.model.hypervisor.DomainEventListener;
import org.vdi.broker.domain.model.hypervisor.Hypervisor.PowerState;

/**
 * Turns libvirt lifecycle events into desktop state: a running desktop whose
 * guest powered off becomes STOPPED (its user keeps it; Connect starts it
 * again), a stopped one that was started elsewhere becomes running. Desktops
 * in the middle of a broker operation are left to that operation.
 */
@ApplicationScoped
public class DesktopEvents implements DomainEventListener {

    private static final Logger LOG = Logger.getLogger(DesktopEvents.class.getName());

    @Inject
    DesktopSteps steps;

    @Resource
    ManagedExecutorService executor;

    // NOTE: called on libvirt's event thread, which serves every host: hand the
    // database work to the managed executor and return at once.
    @Override
    public void onPowerStateChanged(String hostName, String domainName, UUID desktopId, PowerState newState) {
        executor.execute(() -> apply(domainName, desktopId, newState));
    }

    private void apply(String domainName, UUID desktopId, PowerState newState) {
        try {
            Desktop d = steps.find(desktopId);
            if (d == null) {
                return;
            }
            if ((newState == PowerState.SHUTOFF || newState == PowerState.CRASHED)
                    && (d.state() == DesktopState.AVAILABLE || d.state() == DesktopState.ASSIGNED
                    || d.state() == DesktopState.IN_USE)) {
                steps.stopped(desktopId, "guest powered off (" + newState + ")", null);
            } else if (newState == PowerState.RUNNING && d.state() == DesktopState.STOPPED) {
                steps.running(desktopId, "started outside the broker", null);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "event for {0} not applied: {1}", new Object[] {domainName, e.getMessage()});
        }
    }
}
