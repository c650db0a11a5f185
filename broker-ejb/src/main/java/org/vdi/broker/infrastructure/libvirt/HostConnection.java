package org.vdi.broker.infrastructure.libvirt;

import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.libvirt.StoragePool;
import org.libvirt.StorageVol;
import org.vdi.broker.domain.model.host.Host;
import org.vdi.broker.domain.shared.BrokerException;

/**
 * One host's libvirt connection for the length of one port call, with the
 * lookups every piece of the adapter needs. It holds the host's name (for
 * error messages) rather than the entity, so nothing keeps a JPA object alive.
 */
final class HostConnection {

    private static final Logger LOG = Logger.getLogger(HostConnection.class.getName());

    private final String hostName;
    private final String poolName;
    private final Connect connect;
    private final LibvirtConnections connections;

    private HostConnection(String hostName, String poolName, Connect connect, LibvirtConnections connections) {
        this.hostName = hostName;
        this.poolName = poolName;
        this.connect = connect;
        this.connections = connections;
    }

    /** @throws BrokerException {@code HOST_UNAVAILABLE} when libvirt cannot be reached */
    static HostConnection open(LibvirtConnections connections, Host host) {
        return new HostConnection(host.name(), host.storagePool(), connections.connect(host.libvirtUri()),
                connections);
    }

    String hostName() {
        return hostName;
    }

    Connect connect() {
        return connect;
    }

    /** The broker's exception for a failed call, counted in {@code vdi_libvirt_errors}. */
    BrokerException failure(String action, String object, LibvirtException e) {
        return connections.failed(Failures.of(hostName, action, object, e), e);
    }

    /** The domain of that name, or empty when the host has none. */
    Optional<Domain> findDomain(String name) {
        try {
            return Optional.of(connect.domainLookupByName(name));
        } catch (LibvirtException e) {
            if (LibvirtErrors.isNoSuch(e)) {
                return Optional.empty();
            }
            throw failure("look up domain", name, e);
        }
    }

    /** @throws BrokerException {@code NOT_FOUND} naming host and domain */
    Domain requireDomain(String name) {
        return findDomain(name).orElseThrow(
                () -> BrokerException.notFound("domain", name + " on host " + hostName));
    }

    /** The host's storage pool, which must exist and run. */
    StoragePool pool() {
        try {
            StoragePool pool = connect.storagePoolLookupByName(poolName);
            if (pool.isActive() != 1) {
                throw Failures.of(hostName, "use storage pool", poolName, "the pool is not running");
            }
            return pool;
        } catch (LibvirtException e) {
            throw failure("look up storage pool", poolName, e);
        }
    }

    String poolName() {
        return poolName;
    }

    /**
     * The pool's volume of that name. A miss refreshes the pool once and looks
     * again, because files put into a directory pool behind libvirt's back
     * (a golden image copied in by a script) are only listed after a refresh.
     */
    Optional<StorageVol> findVolume(StoragePool pool, String name) {
        try {
            return Optional.of(pool.storageVolLookupByName(name));
        } catch (LibvirtException first) {
            if (!LibvirtErrors.isNoSuch(first)) {
                throw failure("look up volume", name, first);
            }
        }
        try {
            pool.refresh(0);
        } catch (LibvirtException e) {
            // libvirt refuses a refresh while the pool runs a job (a full copy):
            // then the miss stands, as it would have without the refresh.
            LOG.log(Level.FINE, "refreshing pool {0} on {1} failed: {2}",
                    new Object[] {poolName, hostName, LibvirtErrors.message(e)});
            return Optional.empty();
        }
        try {
            return Optional.of(pool.storageVolLookupByName(name));
        } catch (LibvirtException e) {
            if (LibvirtErrors.isNoSuch(e)) {
                return Optional.empty();
            }
            throw failure("look up volume", name, e);
        }
    }
}
