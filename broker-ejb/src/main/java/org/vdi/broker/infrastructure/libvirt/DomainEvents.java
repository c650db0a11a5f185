package org.vdi.broker.infrastructure.libvirt;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

import org.libvirt.Connect;
import org.vdi.broker.domain.model.host.Host;
import org.vdi.broker.domain.model.hypervisor.DomainEventListener;
import org.vdi.broker.domain.shared.BrokerException;
import org.vdi.broker.domain.shared.ErrorCode;

/**
 * The broker's subscriptions to libvirt lifecycle events, one
 * {@link LifecycleRelay} per host URI. A libvirt callback belongs to one
 * connection, so when {@link LibvirtConnections} replaces a host's connection
 * the relay moves from the old one to the new one.
 *
 * <p>NOTE: a dead connection is only reopened when the next call needs it
 * (the pool monitor and reconcile call every host regularly); events that
 * happen in between are lost, which is why reconcile repairs drift.
 */
final class DomainEvents implements ConnectionListener {

    private final LibvirtConnections connections;
    private final BooleanSupplier eventLoopRunning;
    private final Map<String, LifecycleRelay> relays = new ConcurrentHashMap<>();

    /**
     * @param eventLoopRunning tells whether libvirt's event loop runs (events
     *                         arrive only then); null when unknown
     */
    DomainEvents(LibvirtConnections connections, BooleanSupplier eventLoopRunning) {
        this.connections = connections;
        this.eventLoopRunning = eventLoopRunning;
        connections.addListener(this);
    }

    void subscribe(Host host, DomainEventListener listener) {
        if (eventLoopRunning != null && !eventLoopRunning.getAsBoolean()) {
            throw new BrokerException(ErrorCode.HYPERVISOR_ERROR,
                    "libvirt's event loop is not running, so no lifecycle event of host " + host.name()
                            + " would ever arrive");
        }
        LifecycleRelay relay = relays.computeIfAbsent(host.libvirtUri(), uri -> new LifecycleRelay(host.name()));
        relay.add(listener);
        // A reopen between connect() and attach() leaves the relay on the new
        // connection only if we look again; attach() ignores a closed one.
        for (int attempt = 0; attempt < 3; attempt++) {
            Connect c = connections.connect(host.libvirtUri());
            relay.attach(c);
            if (relay.attachedTo(c)) {
                return;
            }
        }
        throw new BrokerException(ErrorCode.HOST_UNAVAILABLE,
                "the libvirt connection to host " + host.name() + " keeps closing; cannot subscribe to its events");
    }

    @Override
    public void opened(String uri, Connect connection) {
        LifecycleRelay relay = relays.get(uri);
        if (relay != null) {
            relay.attach(connection);
        }
    }

    @Override
    public void closing(String uri, Connect connection) {
        LifecycleRelay relay = relays.get(uri);
        if (relay != null) {
            relay.detach(connection);
        }
    }
}
