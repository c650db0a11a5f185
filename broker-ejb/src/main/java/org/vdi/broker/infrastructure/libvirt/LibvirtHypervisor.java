package org.vdi.broker.infrastructure.libvirt;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.libvirt.Connect;
import org.libvirt.LibvirtException;
import org.libvirt.StoragePool;
import org.vdi.broker.domain.model.host.Host;
import org.vdi.broker.domain.model.hypervisor.HostProbe;
import org.vdi.broker.domain.model.hypervisor.Hypervisor;
import org.vdi.broker.domain.shared.BrokerException;

/** The {@link Hypervisor} port on libvirt. */
@ApplicationScoped
public class LibvirtHypervisor implements Hypervisor {

    @Inject
    LibvirtConnections connections;

    public LibvirtHypervisor() {
    }

    /** For use outside a container (tests, tools). */
    public LibvirtHypervisor(LibvirtConnections connections) {
        this.connections = connections;
    }

    @Override
    public HostProbe probe(Host host) {
        Connect c;
        try {
            c = connections.connect(host.libvirtUri());
        } catch (BrokerException e) {
            return HostProbe.unreachable(e.getMessage());
        }
        try {
            String version = dotted(c.getLibVirVersion());
            boolean kvm = HostCapabilities.offersKvm(c.getCapabilities());
            boolean poolActive;
            String reason = null;
            try {
                StoragePool pool = c.storagePoolLookupByName(host.storagePool());
                poolActive = pool.isActive() == 1;
                if (!poolActive) {
                    reason = "storage pool " + host.storagePool() + " is not running";
                }
            } catch (LibvirtException e) {
                poolActive = false;
                reason = "storage pool " + host.storagePool() + ": " + LibvirtErrors.message(e);
            }
            return new HostProbe(true, version, kvm, poolActive, reason);
        } catch (LibvirtException e) {
            connections.forget(host.libvirtUri());
            return HostProbe.unreachable(LibvirtErrors.message(e));
        }
    }

    static String dotted(long v) {
        return (v / 1_000_000) + "." + (v / 1_000 % 1_000) + "." + (v % 1_000);
    }
}
