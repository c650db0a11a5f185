package org.vdi.broker.infrastructure.libvirt;

import org.libvirt.DomainInfo.DomainState;
import org.libvirt.event.DomainEvent;
import org.libvirt.event.DomainEventType;
import org.vdi.broker.domain.model.hypervisor.Hypervisor.PowerState;

/**
 * libvirt's domain states and lifecycle events in the broker's terms. A guest
 * that is shutting down still runs; a guest suspended to RAM is paused as far
 * as a user at the console can tell.
 */
final class PowerStates {

    private PowerStates() {
    }

    static PowerState of(DomainState state) {
        if (state == null) {
            return PowerState.OTHER;
        }
        return switch (state) {
            case VIR_DOMAIN_RUNNING, VIR_DOMAIN_BLOCKED, VIR_DOMAIN_SHUTDOWN -> PowerState.RUNNING;
            case VIR_DOMAIN_PAUSED, VIR_DOMAIN_PMSUSPENDED -> PowerState.PAUSED;
            case VIR_DOMAIN_SHUTOFF -> PowerState.SHUTOFF;
            case VIR_DOMAIN_CRASHED -> PowerState.CRASHED;
            default -> PowerState.OTHER;
        };
    }

    /**
     * The state a lifecycle event leaves the domain in, or null when the event
     * says nothing about it on its own (defined, undefined, shutdown begun):
     * the caller then asks libvirt, or ignores the event.
     */
    static PowerState afterEvent(DomainEvent event) {
        DomainEventType type = event.getType();
        if (type == null) {
            return null;
        }
        return switch (type) {
            case STARTED, RESUMED -> PowerState.RUNNING;
            case SUSPENDED, PMSUSPENDED -> PowerState.PAUSED;
            case STOPPED -> PowerState.SHUTOFF;
            case CRASHED -> PowerState.CRASHED;
            default -> null;
        };
    }
}
