package org.vdi.broker.domain.model.hypervisor;

import org.vdi.broker.domain.model.host.Host;

/**
 * The port through which the broker drives virtual machines on a host. The
 * domain declares it; the libvirt adapter in infrastructure implements it, so
 * nothing in the domain imports libvirt.
 */
public interface Hypervisor {

    /**
     * Contacts the host and reports what the broker needs to know to place
     * desktops there. Never throws for an unreachable host: that is an answer.
     */
    HostProbe probe(Host host);
}
