package org.vdi.broker.infrastructure.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.libvirt.DomainInfo.DomainState;
import org.libvirt.event.DomainEvent;
import org.libvirt.event.DomainEventType;
import org.vdi.broker.domain.model.hypervisor.Hypervisor.PowerState;

class PowerStatesTest {

    @Test
    void mapsDomainStates() {
        assertEquals(PowerState.RUNNING, PowerStates.of(DomainState.VIR_DOMAIN_RUNNING));
        assertEquals(PowerState.RUNNING, PowerStates.of(DomainState.VIR_DOMAIN_BLOCKED));
        assertEquals(PowerState.RUNNING, PowerStates.of(DomainState.VIR_DOMAIN_SHUTDOWN));
        assertEquals(PowerState.PAUSED, PowerStates.of(DomainState.VIR_DOMAIN_PAUSED));
        assertEquals(PowerState.PAUSED, PowerStates.of(DomainState.VIR_DOMAIN_PMSUSPENDED));
        assertEquals(PowerState.SHUTOFF, PowerStates.of(DomainState.VIR_DOMAIN_SHUTOFF));
        assertEquals(PowerState.CRASHED, PowerStates.of(DomainState.VIR_DOMAIN_CRASHED));
        assertEquals(PowerState.OTHER, PowerStates.of(DomainState.VIR_DOMAIN_NOSTATE));
        assertEquals(PowerState.OTHER, PowerStates.of(null));
    }

    @Test
    void mapsLifecycleEvents() {
        assertEquals(PowerState.RUNNING, PowerStates.afterEvent(new DomainEvent(DomainEventType.STARTED, 0)));
        assertEquals(PowerState.RUNNING, PowerStates.afterEvent(new DomainEvent(DomainEventType.RESUMED, 0)));
        assertEquals(PowerState.PAUSED, PowerStates.afterEvent(new DomainEvent(DomainEventType.SUSPENDED, 0)));
        assertEquals(PowerState.SHUTOFF, PowerStates.afterEvent(new DomainEvent(DomainEventType.STOPPED, 1)));
        assertEquals(PowerState.CRASHED, PowerStates.afterEvent(new DomainEvent(DomainEventType.CRASHED, 0)));
        assertNull(PowerStates.afterEvent(new DomainEvent(DomainEventType.DEFINED, 0)));
        assertNull(PowerStates.afterEvent(new DomainEvent(DomainEventType.UNDEFINED, 0)));
        assertNull(PowerStates.afterEvent(new DomainEvent(DomainEventType.SHUTDOWN, 0)));
    }
}
