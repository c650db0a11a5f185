package org.vdi.broker.infrastructure.libvirt;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.libvirt.Connect;
import org.libvirt.LibvirtException;
import org.libvirt.StoragePool;
import org.vdi.broker.domain.model.host.Host;
import org.vdi.broker.domain.model.hypervisor.AgentReply;
import org.vdi.broker.domain.model.hypervisor.GuestReport;
import org.vdi.broker.domain.model.hypervisor.ConsoleEndpoint;
import org.vdi.broker.domain.model.hypervisor.DomainEventListener;
import org.vdi.broker.domain.model.hypervisor.DomainSpec;
import org.vdi.broker.domain.model.hypervisor.HostProbe;
import org.vdi.broker.domain.model.hypervisor.Hypervisor;
import org.vdi.broker.domain.model.hypervisor.TaggedDomain;
import org.vdi.broker.domain.model.hypervisor.VolumeInfo;
import org.vdi.broker.domain.shared.BrokerException;

/**
 * The {@link Hypervisor} port on libvirt. It only delegates: volumes to
 * {@link VolumeCloner}, domains to {@link DomainLifecycle}, reconcile's view to
 * {@link TaggedDomains}, displays to {@link ConsoleAccess} and events to
 * {@link DomainEvents}, guest agent commands to {@link GuestAgent}, so no piece
 * grows into a god class.
 */
@ApplicationScoped
public class LibvirtHypervisor implements Hypervisor {

    @Inject
    LibvirtConnections connections;

    @Inject
    LibvirtEventLoop eventLoop;

    private VolumeCloner volumes;
    private DomainLifecycle lifecycle;
    private TaggedDomains tagged;
    private ConsoleAccess consoles;
    private DomainEvents events;
    private GuestAgent agent;

    /** For CDI (and its client proxy); the pieces are made in {@link #init()}. */
    public LibvirtHypervisor() {
    }

    /** For use outside a container (tests, tools); {@link #subscribe} then cannot check the event loop. */
    public LibvirtHypervisor(LibvirtConnections connections) {
        this(connections, null);
    }

    /** For use outside a container with libvirt's event loop started by the caller. */
    public LibvirtHypervisor(LibvirtConnections connections, LibvirtEventLoop eventLoop) {
        this.connections = connections;
        this.eventLoop = eventLoop;
        init();
    }

    @PostConstruct
    void init() {
        volumes = new VolumeCloner(connections);
        lifecycle = new DomainLifecycle(connections);
        tagged = new TaggedDomains(connections);
        consoles = new ConsoleAccess(connections);
        events = new DomainEvents(connections, eventLoop == null ? null : eventLoop::isRunning);
        agent = new GuestAgent(connections);
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

    @Override
    public List<VolumeInfo> listVolumes(Host host) {
        return volumes.list(host);
    }

    @Override
    public Optional<VolumeInfo> volume(Host host, String volumeName) {
        return volumes.find(host, volumeName);
    }

    @Override
    public VolumeInfo createDisk(Host host, String goldenVolume, String diskVolume, CloneMode mode) {
        return volumes.createDisk(host, goldenVolume, diskVolume, mode);
    }

    @Override
    public void deleteVolume(Host host, String volumeName) {
        volumes.delete(host, volumeName);
    }

    @Override
    public void define(Host host, DomainSpec spec) {
        lifecycle.define(host, spec);
    }

    @Override
    public void start(Host host, String domainName) {
        lifecycle.start(host, domainName);
    }

    @Override
    public void shutdown(Host host, String domainName, Duration timeout) {
        lifecycle.shutdown(host, domainName, timeout);
    }

    @Override
    public void destroy(Host host, String domainName) {
        lifecycle.destroy(host, domainName);
    }

    @Override
    public void undefine(Host host, String domainName) {
        lifecycle.undefine(host, domainName);
    }

    @Override
    public PowerState powerState(Host host, String domainName) {
        return lifecycle.powerState(host, domainName);
    }

    @Override
    public AgentReply pingGuestAgent(Host host, String domainName, int timeoutSeconds) {
        return agent.ping(host, domainName, timeoutSeconds);
    }

    @Override
    public GuestReport guestReport(Host host, String domainName, int timeoutSeconds) {
        return agent.report(host, domainName, timeoutSeconds);
    }

    @Override
    public List<TaggedDomain> listTagged(Host host) {
        return tagged.list(host);
    }

    @Override
    public void lockDisplays(Host host, String domainName) {
        consoles.lock(host, domainName);
    }

    @Override
    public ConsoleEndpoint openConsole(Host host, String domainName, String protocol, String password,
            Instant validUntil) {
        return consoles.open(host, domainName, protocol, password, validUntil);
    }

    @Override
    public ConsoleEndpoint locateConsole(Host host, String domainName, String protocol) {
        return consoles.locate(host, domainName, protocol);
    }

    @Override
    public void subscribe(Host host, DomainEventListener listener) {
        events.subscribe(host, listener);
    }
}
