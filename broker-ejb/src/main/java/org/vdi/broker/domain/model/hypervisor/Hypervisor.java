package org.vdi.broker.domain.model.hypervisor;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.vdi.broker.domain.model.host.Host;

/**
 * The port through which the broker drives virtual machines on a host. The
 * domain declares it; the libvirt adapter in infrastructure implements it, so
 * nothing in the domain imports libvirt.
 *
 * <p>Every method that changes something is idempotent where that makes sense
 * (deleting what is gone, undefining what is undefined), because the pool
 * monitor and reconcile retry after partial failures. Failures are reported as
 * {@code BrokerException} with {@code HYPERVISOR_ERROR} or {@code HOST_UNAVAILABLE},
 * naming the host and the object that failed.
 */
public interface Hypervisor {

    /**
     * Contacts the host and reports what the broker needs to know to place
     * desktops there. Never throws for an unreachable host: that is an answer.
     */
    HostProbe probe(Host host);

    /** Volumes in the host's storage pool (for registering golden images). */
    List<VolumeInfo> listVolumes(Host host);

    /** One volume of the host's storage pool, if it exists. */
    Optional<VolumeInfo> volume(Host host, String volumeName);

    /**
     * Creates a desktop disk from a golden image volume in the same storage
     * pool: a qcow2 overlay backed by the golden image (linked) or a full copy.
     * Replaces an existing volume of that name (that is what a refresh does).
     */
    VolumeInfo createDisk(Host host, String goldenVolume, String diskVolume, CloneMode mode);

    /** Deletes a volume; nothing happens when it does not exist. */
    void deleteVolume(Host host, String volumeName);

    /** Defines (persistently) the domain described by the spec. */
    void define(Host host, DomainSpec spec);

    /** Starts a defined domain; nothing happens when it already runs. */
    void start(Host host, String domainName);

    /**
     * Asks the guest to shut down, waits up to the timeout, then powers it off.
     * Nothing happens when it is not running.
     */
    void shutdown(Host host, String domainName, Duration timeout);

    /** Powers the domain off at once; nothing happens when it is not running. */
    void destroy(Host host, String domainName);

    /** Removes the domain's definition; nothing happens when it does not exist. */
    void undefine(Host host, String domainName);

    /** The domain's power state, {@link PowerState#MISSING} when it does not exist. */
    PowerState powerState(Host host, String domainName);

    /**
     * Pings the domain's qemu-guest-agent (guest-ping on the org.qemu.guest_agent.0
     * channel), waiting at most {@code timeoutSeconds} for the answer. A guest
     * that is not up yet gives a silent reply, not an exception; only the host
     * being unreachable throws.
     */
    AgentReply pingGuestAgent(Host host, String domainName, int timeoutSeconds);

    /**
     * Asks the domain's guest agent who is logged in and which addresses the
     * guest has, waiting at most {@code timeoutSeconds} for each answer. A
     * silent agent or a garbled answer gives a report with its cause, not an
     * exception; only the host being unreachable throws.
     */
    GuestReport guestReport(Host host, String domainName, int timeoutSeconds);

    /** Every domain on the host that carries the broker's metadata; foreign domains are never listed. */
    List<TaggedDomain> listTagged(Host host);

    /**
     * Sets the password of the domain's graphics (VNC or SPICE) on the live
     * domain, valid until the given time; the console endpoint to reach it.
     */
    ConsoleEndpoint openConsole(Host host, String domainName, String protocol, String password, Instant validUntil);

    /**
     * Closes the live domain's displays (VNC and SPICE) to everyone who had them:
     * each gets a random password that has already expired, and connected SPICE
     * clients are dropped. For the end of a holding, before the desktop may go to
     * someone else. Nothing happens when the domain is not running.
     */
    void lockDisplays(Host host, String domainName);

    /**
     * Where the live domain's display (VNC or SPICE) listens, leaving its
     * password as it is; the endpoint's password is empty.
     */
    ConsoleEndpoint locateConsole(Host host, String domainName, String protocol);

    /** Receives libvirt lifecycle events for the host's tagged domains. */
    void subscribe(Host host, DomainEventListener listener);

    /** How a desktop disk is made from a golden image. */
    enum CloneMode { LINKED, FULL }

    /** A domain's power state as far as the broker cares. */
    enum PowerState { RUNNING, PAUSED, SHUTOFF, CRASHED, MISSING, OTHER }
}
