package org.vdi.broker.application;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import org.vdi.broker.application.metrics.AssignmentOutcome;
import org.vdi.broker.application.metrics.AssignmentTally;
import org.vdi.broker.application.metrics.BrokerMetrics;
import org.vdi.broker.domain.model.assignment.Assignment;
import org.vdi.broker.domain.model.assignment.AssignmentRepository;
import org.vdi.broker.domain.model.assignment.AssignmentRequests;
import org.vdi.broker.domain.model.audit.AuditEvent.Outcome;
import org.vdi.broker.domain.model.audit.AuditTrail;
import org.vdi.broker.domain.model.desktop.Desktop;
import org.vdi.broker.domain.model.desktop.DesktopGuest;
import org.vdi.broker.domain.model.desktop.DesktopGuestRepository;
import org.vdi.broker.domain.model.desktop.DesktopRepository;
import org.vdi.broker.domain.model.desktop.DesktopState;
import org.vdi.broker.domain.model.pool.Pool;
import org.vdi.broker.domain.model.pool.PoolRepository;
import org.vdi.broker.domain.shared.BrokerException;
import org.vdi.broker.domain.shared.ErrorCode;

@Stateless
public class AssignmentServiceBean implements AssignmentService {

    @Inject
    PoolRepository pools;

    @Inject
    DesktopRepository desktops;

    @Inject
    AssignmentRepository assignments;

    @Inject
    AssignmentRequests requests;

    @Inject
    AuditTrail audit;

    @Inject
    Event<DesktopWork> work;

    @Inject
    DisplayLocks displays;

    @Inject
    BrokerMetrics metrics;

    @Inject
    DesktopGuestRepository guests;

    /** Why a desktop is released when its user logged off inside the guest. */
    static final String GUEST_LOGOFF = "the user logged off inside the guest";

    // NOTE: one transaction: the per-user advisory lock, the SKIP LOCKED row
    // lock on the chosen desktop and the new assignment all commit together.
    // The tally is counted when that transaction ends (committed or not).
    @Override
    public AssignmentResult assign(UUID poolId, Caller caller, boolean additional) {
        Pool pool = pools.find(poolId).filter(Pool::enabled)
                .orElseThrow(() -> BrokerException.notFound("pool", poolId));
        AssignmentTally tally = metrics.assignmentStarted(pool.name());
        try {
            return assign(pool, caller, additional, tally);
        } catch (BrokerException e) {
            tally.ended(AssignmentOutcome.of(e.code()));
            throw e;
        }
    }

    private AssignmentResult assign(Pool pool, Caller caller, boolean additional, AssignmentTally tally) {
        UUID poolId = pool.id();
        if (!pool.entitles(caller.groups(), caller.roles())) {
            audit.recordApart(caller.name(), "desktop.assign", "pool", poolId.toString(), Outcome.DENIED,
                    "not entitled to pool " + pool.name());
            throw new BrokerException(ErrorCode.FORBIDDEN, "you are not entitled to pool " + pool.name());
        }
        assignments.lockUserInPool(caller.name(), poolId);
        List<Assignment> held = assignments.findActiveByUserAndPool(caller.name(), poolId);
        if (!held.isEmpty() && (!additional || held.size() >= pool.perUserLimit())) {
            if (additional) {
                throw new BrokerException(ErrorCode.CONFLICT, "you already hold " + held.size()
                        + " desktops of pool " + pool.name() + ", its limit per user");
            }
            Assignment a = held.get(0);
            a.touch(Instant.now());
            Desktop d = desktops.lock(a.desktop().id()).orElseThrow();
            if (d.state() == DesktopState.STOPPED) {
                // the guest was shut down while held: start it again for its user
                d.moveTo(DesktopState.STARTING, "starting for " + caller.name());
                work.fire(new DesktopWork(d.id(), DesktopWork.Kind.START_ASSIGNED));
            }
            tally.ended(AssignmentOutcome.REUSED);
            return result(a);
        }
        Optional<Desktop> running = desktops.lockOneFree(poolId, DesktopState.AVAILABLE);
        // no ready spare: a spare that is booting already is nearer than a stopped one; its
        // user waits on the page until it is ready (the ticket refuses a STARTING desktop)
        Optional<Desktop> booting = running.isPresent() ? Optional.empty()
                : desktops.lockOneFree(poolId, DesktopState.STARTING);
        Desktop desktop;
        boolean start = false;
        if (running.isPresent() || booting.isPresent()) {
            desktop = running.orElseGet(booting::get);
            desktop.assignTo(caller.name());
        } else {
            desktop = desktops.lockOneFree(poolId, DesktopState.STOPPED).orElseThrow(() -> {
                audit.recordApart(caller.name(), "desktop.assign", "pool", poolId.toString(), Outcome.FAILED,
                        "no desktop available");
                requests.refusedApart(poolId, caller.name());
                return new BrokerException(ErrorCode.NO_DESKTOP_AVAILABLE, "no desktop is available in pool "
                        + pool.name() + " right now; spares are being prepared, try again in a minute");
            });
            desktop.assignTo(caller.name());
            desktop.moveTo(DesktopState.STARTING, "starting for " + caller.name());
            start = true;
        }
        Assignment a = new Assignment(desktop, caller.name());
        assignments.add(a);
        requests.assigned(a, running.isPresent());
        audit.record(caller.name(), "desktop.assign", "desktop", desktop.id().toString(), Outcome.SUCCESS,
                desktop.name() + " of pool " + pool.name());
        if (start) {
            work.fire(new DesktopWork(desktop.id(), DesktopWork.Kind.START_ASSIGNED));
        }
        tally.ended(start ? AssignmentOutcome.STARTED : AssignmentOutcome.ASSIGNED);
        return result(a);
    }

    private static AssignmentResult result(Assignment a) {
        Desktop d = a.desktop();
        return new AssignmentResult(a.id(), d.id(), d.name(), d.state(), d.stateChangedAt(), d.pool().id(),
                d.pool().name());
    }

    @Override
    public void release(UUID assignmentId, Caller caller, String reason) {
        Assignment a = assignments.find(assignmentId)
                .orElseThrow(() -> BrokerException.notFound("assignment", assignmentId));
        if (!a.userName().equals(caller.name()) && !caller.admin()) {
            denied(caller, "assignment.release", "assignment", assignmentId);
        }
        if (!a.active()) {
            throw new BrokerException(ErrorCode.INVALID_STATE, "assignment " + assignmentId + " is already released");
        }
        applyLogoffPolicy(a, lockForRelease(a), reason, caller);
    }

    @Override
    public void releaseDesktop(UUID desktopId, Caller caller) {
        Assignment a = assignments.findActiveByDesktop(desktopId).orElseThrow(() -> new BrokerException(
                ErrorCode.INVALID_STATE, "desktop " + desktopId + " is not assigned"));
        applyLogoffPolicy(a, lockForRelease(a), "released by " + caller.name(), caller);
    }

    /** The assignment's desktop, locked, when its pool's log-off policy can apply now; else a 409. */
    private Desktop lockForRelease(Assignment a) {
        Desktop d = desktops.lock(a.desktop().id()).orElseThrow(() -> BrokerException.notFound("desktop",
                a.desktop().id()));
        if (!d.canTakeLogoffPolicy()) {
            throw new BrokerException(ErrorCode.INVALID_STATE, "desktop " + d.name() + " is " + d.state()
                    + "; log-off policy " + d.pool().logoffPolicy() + " can apply once its host is back");
        }
        return d;
    }

    private void applyLogoffPolicy(Assignment a, Desktop d, String reason, Caller caller) {
        // first: the last holder's viewers lose the display before the desktop can go to anyone else;
        // when libvirt cannot, nothing has changed yet and the release fails
        displays.lock(d);
        a.release(reason);
        d.unassign();
        switch (d.pool().logoffPolicy()) {
            case KEEP -> {
                if (d.state().isHeld()) {
                    d.moveTo(DesktopState.AVAILABLE, "released (" + reason + ")");
                }
            }
            case REFRESH -> {
                d.moveTo(DesktopState.REFRESHING, "released (" + reason + "): refresh");
                work.fire(new DesktopWork(d.id(), DesktopWork.Kind.REFRESH));
            }
            case DELETE -> {
                d.moveTo(DesktopState.DELETING, "released (" + reason + "): delete");
                work.fire(new DesktopWork(d.id(), DesktopWork.Kind.DELETE));
            }
        }
        audit.record(caller.name(), "assignment.release", "desktop", d.id().toString(), Outcome.SUCCESS,
                d.name() + " from " + a.userName() + ": " + reason + ", policy " + d.pool().logoffPolicy());
    }

    @Override
    public List<AssignmentResult> held(Caller caller) {
        return assignments.findActiveByUser(caller.name()).stream().map(AssignmentServiceBean::result).toList();
    }

    @Override
    public void reset(UUID desktopId, Caller caller) {
        Desktop d = desktops.find(desktopId).orElseThrow(() -> BrokerException.notFound("desktop", desktopId));
        if (!caller.name().equals(d.assignedTo()) && !caller.admin()) {
            denied(caller, "desktop.reset", "desktop", desktopId);
        }
        audit.record(caller.name(), "desktop.reset", "desktop", desktopId.toString(), Outcome.SUCCESS, d.name());
        work.fire(new DesktopWork(desktopId, DesktopWork.Kind.RESET));
    }

    @Override
    public boolean releaseAfterGuestLogoff(UUID desktopId) {
        Optional<Assignment> held = assignments.findActiveByDesktop(desktopId);
        Optional<DesktopGuest> guest = guests.find(desktopId);
        Instant now = Instant.now();
        if (held.isEmpty() || guest.isEmpty() || guest.get().loggedIn() || guest.get().logoffAt() == null) {
            return false;
        }
        Assignment a = held.get();
        Instant loggedOff = guest.get().logoffAt();
        // a logoff seen before this assignment began was the last holder's (or a spare's)
        if (loggedOff.isBefore(a.createdAt()) || !a.desktop().pool().guestLogoffDue(loggedOff, now)) {
            return false;
        }
        Desktop d = desktops.lock(desktopId).orElse(null);
        if (d == null || !d.state().isHeld() || !d.canTakeLogoffPolicy()) {
            return false;
        }
        applyLogoffPolicy(a, d, GUEST_LOGOFF, Caller.system());
        return true;
    }

    @Override
    public int expire() {
        Instant now = Instant.now();
        int n = 0;
        for (Pool pool : pools.findAll()) {
            if (pool.idleTimeoutMinutes() == 0 && pool.maxSessionMinutes() == 0) {
                continue;
            }
            for (Assignment a : assignments.findActiveByPool(pool.id())) {
                String reason = a.olderThan(pool.maxSessionMinutes(), now) ? "maximum session time reached"
                        : idle(a, pool, now) ? "idle timeout" : null;
                if (reason == null) {
                    continue;
                }
                Desktop d = desktops.lock(a.desktop().id()).orElse(null);
                // NOTE: one transaction for all pools: a desktop that cannot take its policy now
                // (host down) must not fail it; it expires in a later cycle, once it is back.
                if (d != null && d.canTakeLogoffPolicy()) {
                    try {
                        applyLogoffPolicy(a, d, reason, Caller.system());
                        n++;
                    } catch (BrokerException e) {
                        // the displays could not be locked: nothing changed, the next cycle tries again
                        audit.recordApart("system", "assignment.expire", "desktop", d.id().toString(),
                                Outcome.FAILED, d.name() + ": " + reason + ", but " + e.getMessage());
                    }
                }
            }
        }
        return n;
    }

    /**
     * Idle: no console input for the pool's idle time and, in a pool that
     * watches its guests, nobody reported logged in inside the guest for as
     * long. A guest whose agent stops answering stops counting as activity.
     */
    private boolean idle(Assignment a, Pool pool, Instant now) {
        if (!a.idleLongerThan(pool.idleTimeoutMinutes(), now)) {
            return false;
        }
        if (!pool.watchesGuests()) {
            return true;
        }
        Instant lastLogon = guests.find(a.desktop().id()).map(DesktopGuest::lastLogon).orElse(null);
        return lastLogon == null || Duration.between(lastLogon, now).toMinutes() >= pool.idleTimeoutMinutes();
    }

    /** Someone else's object: 403 for all of them alike, and the attempt is kept in the audit trail. */
    private void denied(Caller caller, String action, String type, UUID id) {
        audit.recordApart(caller.name(), action, type, id.toString(), Outcome.DENIED, "not the caller's");
        throw new BrokerException(ErrorCode.FORBIDDEN, "this " + type + " is not yours");
    }
}
