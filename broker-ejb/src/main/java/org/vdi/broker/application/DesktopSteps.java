package org.vdi.broker.application;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import org.vdi.broker.config.DesktopConfig;
import org.vdi.broker.domain.model.assignment.AssignmentRequests;
import org.vdi.broker.domain.model.desktop.Desktop;
import org.vdi.broker.domain.model.desktop.DesktopRepository;
import org.vdi.broker.domain.model.desktop.DesktopState;
import org.vdi.broker.domain.model.hypervisor.DomainSpec;
import org.vdi.broker.domain.model.hypervisor.Hypervisor.CloneMode;
import org.vdi.broker.domain.model.image.ImageVersion;
import org.vdi.broker.domain.model.pool.Pool;
import org.vdi.broker.domain.model.pool.Readiness;
import org.vdi.broker.domain.shared.BrokerException;
import org.vdi.broker.domain.shared.ErrorCode;

/**
 * The short transactions around each hypervisor operation: mark the desktop
 * busy and take a snapshot before, record the outcome after. Each method
 * commits on its own.
 */
// NOTE: REQUIRES_NEW on every method: libvirt calls happen between these
// steps, outside any transaction, so no row lock is held while QEMU works.
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class DesktopSteps {

    @Inject
    DesktopRepository desktops;

    @Inject
    DesktopConfig config;

    @Inject
    AssignmentRequests requests;

    /**
     * Moves the desktop into the working state and returns what the operation needs.
     *
     * @param allowedFrom the states the operation may start from; anything else is a 409
     */
    public DesktopJob begin(UUID desktopId, Set<DesktopState> allowedFrom, DesktopState working, String cause) {
        Desktop d = desktops.lock(desktopId).orElseThrow(() -> BrokerException.notFound("desktop", desktopId));
        if (!allowedFrom.contains(d.state())) {
            throw new BrokerException(ErrorCode.INVALID_STATE, "desktop " + d.name() + " is " + d.state()
                    + "; cannot " + cause);
        }
        d.moveTo(working, cause);
        return job(d);
    }

    /** The desktop as it is now, or null. */
    public Desktop find(UUID desktopId) {
        return desktops.find(desktopId).orElse(null);
    }

    /** The snapshot without a state change (for reconcile). */
    public DesktopJob snapshot(UUID desktopId) {
        return job(desktops.find(desktopId).orElseThrow(() -> BrokerException.notFound("desktop", desktopId)));
    }

    private DesktopJob job(Desktop d) {
        Pool pool = d.pool();
        ImageVersion current = pool.image().current();
        String serialLog = config.serialLogDir().map(dir -> Path.of(dir, d.name() + ".log").toString()).orElse(null);
        DomainSpec spec = new DomainSpec(d.name(), d.id(), pool.id(), d.host().virtualizationType(),
                pool.memoryMib(), pool.vcpus(), d.diskVolume(), true, pool.spice(), pool.clipboard(),
                d.host().consoleAddress(), serialLog);
        CloneMode mode = pool.cloneMode() == org.vdi.broker.domain.model.pool.CloneMode.LINKED
                ? CloneMode.LINKED : CloneMode.FULL;
        return new DesktopJob(d.id(), d.name(), d.host(), spec, current.volume(), current.number(), mode);
    }

    /**
     * The domain runs: the desktop is available, or assigned when someone holds
     * it; in a pool with {@code agent} readiness it stays STARTING until its
     * guest agent answers ({@link #ready}). Ignored when another operation has
     * taken the desktop over meanwhile (a release moved it to refreshing or
     * deleting while it was starting).
     */
    public void running(UUID desktopId, String cause, Integer rebasedOnVersion) {
        desktops.lock(desktopId).ifPresent(d -> {
            if (rebasedOnVersion == null
                    && (d.state() == DesktopState.REFRESHING || d.state() == DesktopState.DELETING)) {
                return;
            }
            if (rebasedOnVersion != null) {
                d.rebasedOn(rebasedOnVersion);
            }
            if (d.pool().readiness() == Readiness.AGENT) {
                d.moveTo(DesktopState.STARTING, cause + "; waiting for its guest agent");
                return;
            }
            DesktopState target = d.isFree() ? DesktopState.AVAILABLE : DesktopState.ASSIGNED;
            if (d.state() != target && !d.state().canMoveTo(target) && d.state().canMoveTo(DesktopState.STARTING)) {
                // NOTE: a lifecycle event may have seen the domain stop (it vanished, or was
                // destroyed behind the broker's back) after this operation decided to start it.
                // The domain runs now: record the start as its own transition, then the outcome.
                d.moveTo(DesktopState.STARTING, cause);
                desktops.flush();
            }
            d.moveTo(target, cause);
            if (target == DesktopState.ASSIGNED) {
                requests.ready(d.id());
            }
        });
    }

    /**
     * The guest agent answered: a desktop still STARTING is ready, available
     * or assigned to the user who holds it. Ignored in any other state (an
     * operation took the desktop over, or it was ready already).
     *
     * @return true when the desktop became ready now
     */
    public boolean ready(UUID desktopId, String cause) {
        return desktops.lock(desktopId).filter(d -> d.state() == DesktopState.STARTING).map(d -> {
            d.moveTo(d.isFree() ? DesktopState.AVAILABLE : DesktopState.ASSIGNED, cause);
            if (!d.isFree()) {
                requests.ready(d.id()); // its user waited for it: the time to desktop ends now
            }
            return true;
        }).orElse(false);
    }

    /** Desktops that wait for their guest agent, longest waiting first. */
    public List<Desktop> waitingForAgent(int max) {
        return desktops.search(null, DesktopState.STARTING, null, Integer.MAX_VALUE).stream()
                .filter(d -> d.pool().readiness() == Readiness.AGENT)
                .sorted(Comparator.comparing(Desktop::stateChangedAt))
                .limit(max)
                .toList();
    }

    public void stopped(UUID desktopId, String cause, Integer rebasedOnVersion) {
        desktops.lock(desktopId).ifPresent(d -> {
            if (rebasedOnVersion == null
                    && (d.state() == DesktopState.REFRESHING || d.state() == DesktopState.DELETING)) {
                return;
            }
            if (rebasedOnVersion != null) {
                d.rebasedOn(rebasedOnVersion);
            }
            d.moveTo(DesktopState.STOPPED, cause);
        });
    }

    public void failed(UUID desktopId, String reason) {
        desktops.lock(desktopId).ifPresent(d -> d.fail(reason));
    }

    /** Deletion finished on the host: the row goes, its assignments with it. */
    public void deleted(UUID desktopId) {
        // NOTE: the database removes the desktop's assignments with it (ON DELETE CASCADE).
        // Loading and releasing the open one here would leave a managed assignment pointing
        // at the removed desktop, and the flush fails (TransientObjectException): a pool with
        // assigned desktops could then never be deleted.
        desktops.lock(desktopId).ifPresent(desktops::remove);
    }
}
