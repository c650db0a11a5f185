package org.vdi.broker.domain.model.hypervisor;

import java.util.UUID;

/**
 * Called from the hypervisor's event thread when a tagged domain changes power
 * state. Implementations must return quickly and hand real work to a managed
 * executor; the event thread serves every host.
 */
@FunctionalInterface
public interface DomainEventListener {

    void onPowerStateChanged(String hostName, String domainName, UUID desktopId, Hypervisor.PowerState newState);
}
