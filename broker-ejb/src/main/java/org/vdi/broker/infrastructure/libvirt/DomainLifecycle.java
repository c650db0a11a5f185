package org.vdi.broker.infrastructure.libvirt;

import java.time.Duration;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.vdi.broker.domain.model.host.Host;
import org.vdi.broker.domain.model.hypervisor.DomainSpec;
import org.vdi.broker.domain.model.hypervisor.Hypervisor.PowerState;
import org.vdi.broker.domain.model.hypervisor.VolumeInfo;
import org.vdi.broker.domain.shared.BrokerException;

/**
 * Defines, starts, stops and removes desktop domains. Every call is
 * idempotent the way the port promises, because the pool monitor and
 * reconcile retry after partial failures: what is already done is not an
 * error. A domain of the same name that is not the broker's (no
 * {@link DesktopMetadata} mark, or another desktop's) is never redefined or
 * undefined.
 */
final class DomainLifecycle {

    private static final Logger LOG = Logger.getLogger(DomainLifecycle.class.getName());

    /** virDomainUndefineFlags values libvirt-java 0.5.4 does not name. */
    private static final int UNDEFINE_NVRAM = 4;
    private static final int UNDEFINE_CHECKPOINTS_METADATA = 16;
    private static final int UNDEFINE_FLAGS = Domain.UndefineFlags.MANAGED_SAVE
            | Domain.UndefineFlags.SNAPSHOTS_METADATA | UNDEFINE_NVRAM | UNDEFINE_CHECKPOINTS_METADATA;

    private static final long SHUTDOWN_POLL_MS = 200;

    private final LibvirtConnections connections;
    private final ConsolePasswords passwords = new ConsolePasswords();

    DomainLifecycle(LibvirtConnections connections) {
        this.connections = connections;
    }

    /**
     * Defines the domain persistently. Defining a desktop's domain again
     * updates its definition (it keeps its UUID); a running domain picks the
     * change up at its next start.
     */
    void define(Host host, DomainSpec spec) {
        HostConnection hc = HostConnection.open(connections, host);
        VolumeInfo disk = diskOf(hc, spec);
        DomainXmlBuilder xml = new DomainXmlBuilder(spec, disk)
                .passwords(passwords.random("vnc"), passwords.random("spice"));
        Optional<Domain> existing = hc.findDomain(spec.domainName());
        if (existing.isPresent()) {
            Domain d = existing.get();
            Optional<DesktopMetadata.Tag> tag = tag(hc, d, spec.domainName());
            if (tag.isEmpty() || !tag.get().desktopId().equals(spec.desktopId())) {
                throw BrokerException.conflict("host " + hc.hostName() + " already has a domain "
                        + spec.domainName() + " that is not desktop " + spec.desktopId() + "'s");
            }
            try {
                xml.uuid(d.getUUIDString());
            } catch (LibvirtException e) {
                throw hc.failure("read UUID of domain", spec.domainName(), e);
            }
        }
        String domainXml;
        try {
            domainXml = xml.build();
        } catch (IllegalArgumentException e) {
            throw BrokerException.invalid("domain " + spec.domainName() + ": " + e.getMessage());
        }
        try {
            hc.connect().domainDefineXML(domainXml);
        } catch (LibvirtException e) {
            throw hc.failure("define domain", spec.domainName(), e);
        }
    }

    private static VolumeInfo diskOf(HostConnection hc, DomainSpec spec) {
        var vol = hc.findVolume(hc.pool(), spec.diskVolume()).orElseThrow(() -> BrokerException.notFound(
                "disk volume", spec.diskVolume() + " in storage pool " + hc.poolName() + " on host " + hc.hostName()));
        try {
            return VolumeXmlReader.read(vol.getXMLDesc(0));
        } catch (LibvirtException e) {
            throw hc.failure("read volume", spec.diskVolume(), e);
        }
    }

    void start(Host host, String name) {
        HostConnection hc = HostConnection.open(connections, host);
        Domain d = hc.requireDomain(name);
        try {
            if (d.isActive() == 1) {
                return;
            }
            d.create();
        } catch (LibvirtException e) {
            if (Failures.isInvalidState(e) && active(hc, d, name)) {
                return; // started by someone else meanwhile
            }
            throw hc.failure("start domain", name, e);
        }
    }

    /**
     * Asks the guest to power off (ACPI), polls until it has or the timeout
     * passed, then powers it off.
     *
     * <p>NOTE: blocks the calling thread for up to the timeout; call it from a
     * managed executor, never a request thread. An interrupt ends the wait
     * early and powers off at once, keeping the thread's interrupt flag.
     */
    void shutdown(Host host, String name, Duration timeout) {
        HostConnection hc = HostConnection.open(connections, host);
        Optional<Domain> found = hc.findDomain(name);
        if (found.isEmpty() || !active(hc, found.get(), name)) {
            return;
        }
        Domain d = found.get();
        long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
        try {
            d.shutdown();
        } catch (LibvirtException e) {
            if (Failures.isInvalidState(e) && !active(hc, d, name)) {
                return; // stopped on its own meanwhile
            }
            // The guest may refuse ACPI (e.g. still booting); powering off below still ends it.
            LOG.log(Level.FINE, "host {0}: ACPI shutdown of {1} failed: {2}",
                    new Object[] {hc.hostName(), name, LibvirtErrors.message(e)});
        }
        while (System.nanoTime() < deadline) {
            if (!active(hc, d, name)) {
                return;
            }
            try {
                Thread.sleep(Math.min(SHUTDOWN_POLL_MS, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        LOG.log(Level.FINE, "host {0}: {1} did not shut down within {2}; powering it off",
                new Object[] {hc.hostName(), name, timeout});
        destroy(hc, d, name);
    }

    void destroy(Host host, String name) {
        HostConnection hc = HostConnection.open(connections, host);
        hc.findDomain(name).ifPresent(d -> destroy(hc, d, name));
    }

    private static void destroy(HostConnection hc, Domain d, String name) {
        try {
            if (d.isActive() != 1) {
                return;
            }
            d.destroy();
        } catch (LibvirtException e) {
            if (LibvirtErrors.isNoSuch(e) || (Failures.isInvalidState(e) && !active(hc, d, name))) {
                return; // stopped, or a transient domain gone, meanwhile
            }
            throw hc.failure("power off domain", name, e);
        }
    }

    /**
     * Removes the definition with its managed save image, snapshot and
     * checkpoint metadata and NVRAM, none of which a desktop keeps. A running
     * domain stays running as a transient one until destroyed.
     */
    void undefine(Host host, String name) {
        HostConnection hc = HostConnection.open(connections, host);
        Optional<Domain> found = hc.findDomain(name);
        if (found.isEmpty()) {
            return;
        }
        Domain d = found.get();
        if (tag(hc, d, name).isEmpty()) {
            throw BrokerException.conflict("host " + hc.hostName() + ": domain " + name
                    + " does not carry the broker's metadata; refusing to undefine it");
        }
        try {
            if (d.isPersistent() != 1) {
                return; // transient: nothing defined to remove
            }
            d.undefine(UNDEFINE_FLAGS);
        } catch (LibvirtException e) {
            if (!LibvirtErrors.isNoSuch(e)) {
                throw hc.failure("undefine domain", name, e);
            }
        }
    }

    PowerState powerState(Host host, String name) {
        HostConnection hc = HostConnection.open(connections, host);
        Optional<Domain> found = hc.findDomain(name);
        if (found.isEmpty()) {
            return PowerState.MISSING;
        }
        try {
            return PowerStates.of(found.get().getInfo().state);
        } catch (LibvirtException e) {
            if (LibvirtErrors.isNoSuch(e)) {
                return PowerState.MISSING;
            }
            throw hc.failure("read state of domain", name, e);
        }
    }

    private static boolean active(HostConnection hc, Domain d, String name) {
        try {
            return d.isActive() == 1;
        } catch (LibvirtException e) {
            if (LibvirtErrors.isNoSuch(e)) {
                return false;
            }
            throw hc.failure("read state of domain", name, e);
        }
    }

    private static Optional<DesktopMetadata.Tag> tag(HostConnection hc, Domain d, String name) {
        try {
            return TaggedDomains.tagOf(d);
        } catch (LibvirtException e) {
            throw hc.failure("read metadata of domain", name, e);
        }
    }
}
