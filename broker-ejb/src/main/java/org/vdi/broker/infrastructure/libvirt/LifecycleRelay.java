package org.vdi.broker.infrastructure.libvirt;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.libvirt.event.DefinedDetail;
import org.libvirt.event.DomainEvent;
import org.libvirt.event.DomainEventType;
import org.libvirt.event.LifecycleListener;
import org.vdi.broker.domain.model.hypervisor.DomainEventListener;
import org.vdi.broker.domain.model.hypervisor.Hypervisor.PowerState;

/**
 * One host's libvirt lifecycle callback: it filters out domains without the
 * broker's mark, turns events into power states and passes them to the
 * broker's listeners. The marks are cached by domain UUID, because an
 * undefined domain can no longer be asked for its metadata and because most
 * events concern the same few domains.
 *
 * <p>NOTE: {@link #onLifecycleChange} runs on the one libvirt event loop
 * thread, which serves every host: it does at most one libvirt call (the
 * metadata of a domain not yet cached, or the state after a define/undefine)
 * and the listeners must return quickly.
 */
final class LifecycleRelay implements LifecycleListener {

    private static final Logger LOG = Logger.getLogger(LifecycleRelay.class.getName());

    private final String hostName;
    private final CopyOnWriteArrayList<DomainEventListener> listeners = new CopyOnWriteArrayList<>();
    /** Domain UUID to its mark; empty for a foreign domain. */
    private final Map<String, Optional<DesktopMetadata.Tag>> marks = new ConcurrentHashMap<>();
    private Connect attachedTo;

    LifecycleRelay(String hostName) {
        this.hostName = hostName;
    }

    void add(DomainEventListener listener) {
        listeners.addIfAbsent(listener);
    }

    /**
     * Registers this callback on the connection unless it already is, after
     * learning the marks of the domains the host has now.
     *
     * <p>NOTE: synchronized so a reopen (from any thread calling
     * LibvirtConnections) and a subscribe never register twice or interleave.
     */
    synchronized void attach(Connect connect) {
        if (attachedTo == connect || !connected(connect)) {
            return; // already there, or closed meanwhile (the new one is attached when it opens)
        }
        if (attachedTo != null) {
            detach(attachedTo);
        }
        marks.clear();
        try {
            for (TaggedDomains.Tagged t : TaggedDomains.marks(connect)) {
                marks.put(t.uuid(), Optional.of(t.tag()));
            }
        } catch (LibvirtException e) {
            // The cache fills itself from events; only undefine events of unknown domains are lost.
            LOG.log(Level.WARNING, "host {0}: cannot list tagged domains for the event cache: {1}",
                    new Object[] {hostName, LibvirtErrors.message(e)});
        }
        try {
            connect.addLifecycleListener(this);
        } catch (LibvirtException e) {
            throw Failures.of(hostName, "subscribe to lifecycle events of", "host " + hostName, e);
        }
        attachedTo = connect;
    }

    /** Removes this callback from the connection before it closes; nothing when not attached there. */
    synchronized void detach(Connect connect) {
        if (attachedTo != connect) {
            return;
        }
        attachedTo = null;
        try {
            connect.removeLifecycleListener(this);
        } catch (LibvirtException | RuntimeException e) {
            // A dead connection delivers nothing any more; nothing to undo.
            LOG.log(Level.FINE, "host {0}: removing the lifecycle callback failed: {1}",
                    new Object[] {hostName, e.getMessage()});
        }
    }

    synchronized boolean attachedTo(Connect connect) {
        return attachedTo == connect;
    }

    private static boolean connected(Connect c) {
        try {
            return c.isConnected();
        } catch (LibvirtException e) {
            return false;
        }
    }

    @Override
    public int onLifecycleChange(Domain domain, DomainEvent event) {
        try {
            relay(domain, event);
        } catch (LibvirtException e) {
            LOG.log(Level.WARNING, "host {0}: cannot handle lifecycle event {1}: {2}",
                    new Object[] {hostName, event, LibvirtErrors.message(e)});
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "host " + hostName + ": cannot handle lifecycle event " + event, e);
        }
        return 0;
    }

    private void relay(Domain domain, DomainEvent event) throws LibvirtException {
        String uuid = domain.getUUIDString();
        DomainEventType type = event.getType();
        if (type == DomainEventType.DEFINED) {
            marks.remove(uuid); // the new definition may have gained or lost the mark
        }
        Optional<DesktopMetadata.Tag> tag = markOf(domain, uuid);
        if (type == DomainEventType.UNDEFINED) {
            marks.remove(uuid);
        }
        if (tag.isEmpty()) {
            return;
        }
        PowerState state = stateAfter(domain, event);
        if (state == null) {
            return;
        }
        String name = domain.getName();
        for (DomainEventListener l : listeners) {
            try {
                l.onPowerStateChanged(hostName, name, tag.get().desktopId(), state);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a domain event listener failed for " + name + " on host " + hostName, e);
            }
        }
    }

    private Optional<DesktopMetadata.Tag> markOf(Domain domain, String uuid) throws LibvirtException {
        Optional<DesktopMetadata.Tag> cached = marks.get(uuid);
        if (cached != null) {
            return cached;
        }
        try {
            Optional<DesktopMetadata.Tag> tag = TaggedDomains.tagOf(domain);
            marks.put(uuid, tag);
            return tag;
        } catch (LibvirtException e) {
            if (LibvirtErrors.isNoSuch(e)) {
                return Optional.empty(); // gone before we could ask, and never seen: not ours to report
            }
            throw e;
        }
    }

    /** The state the event leaves; for define and undefine, what libvirt says now. */
    private static PowerState stateAfter(Domain domain, DomainEvent event) throws LibvirtException {
        PowerState state = PowerStates.afterEvent(event);
        if (state != null) {
            return state;
        }
        DomainEventType type = event.getType();
        boolean added = type == DomainEventType.DEFINED && event.getDetail() == DefinedDetail.ADDED;
        if (!added && type != DomainEventType.UNDEFINED) {
            return null; // updated definitions and shutdown-begun say nothing new
        }
        try {
            return PowerStates.of(domain.getInfo().state);
        } catch (LibvirtException e) {
            if (LibvirtErrors.isNoSuch(e)) {
                return PowerState.MISSING;
            }
            throw e;
        }
    }
}
