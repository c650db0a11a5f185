package org.vdi.broker.application;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import org.vdi.broker.domain.model.audit.AuditEvent.Outcome;
import org.vdi.broker.domain.model.audit.AuditTrail;
import org.vdi.broker.domain.model.desktop.Desktop;
import org.vdi.broker.domain.model.desktop.DesktopGuest;
import org.vdi.broker.domain.model.desktop.DesktopGuestRepository;
import org.vdi.broker.domain.model.desktop.DesktopRepository;
import org.vdi.broker.domain.model.desktop.DesktopState;
import org.vdi.broker.domain.shared.BrokerException;
import org.vdi.broker.domain.shared.ErrorCode;

@Stateless
public class DesktopServiceBean implements DesktopService {

    @Inject
    DesktopRepository desktops;

    @Inject
    AuditTrail audit;

    @Inject
    DesktopGuestRepository guests;

    @Inject
    Event<DesktopWork> work;

    @EJB
    AssignmentService assignments;

    @Override
    public Desktop get(UUID desktopId) {
        return desktops.find(desktopId).orElseThrow(() -> BrokerException.notFound("desktop", desktopId));
    }

    @Override
    public List<Desktop> search(UUID poolId, DesktopState state, String user, int max) {
        return desktops.search(poolId, state, user, max);
    }

    @Override
    public Map<UUID, DesktopGuest> guests(Collection<UUID> desktopIds) {
        return guests.findAll(desktopIds);
    }

    @Override
    public void act(UUID desktopId, Action action, Caller caller) {
        Desktop d = desktops.lock(desktopId).orElseThrow(() -> BrokerException.notFound("desktop", desktopId));
        switch (action) {
            case RELEASE -> assignments.releaseDesktop(desktopId, caller);
            case START -> {
                require(d, d.state() == DesktopState.STOPPED || d.state() == DesktopState.ERROR
                        || d.state() == DesktopState.UNAVAILABLE, "start");
                work.fire(new DesktopWork(desktopId, DesktopWork.Kind.START));
            }
            case STOP -> {
                require(d, d.state().shouldRun() || d.state() == DesktopState.ERROR, "stop");
                work.fire(new DesktopWork(desktopId, DesktopWork.Kind.STOP));
            }
            case REFRESH -> {
                require(d, d.state() != DesktopState.DELETING && d.state() != DesktopState.PROVISIONING
                        && d.state() != DesktopState.REFRESHING, "refresh");
                d.moveTo(DesktopState.REFRESHING, "refresh requested by " + caller.name());
                work.fire(new DesktopWork(desktopId, DesktopWork.Kind.REFRESH));
            }
            case DELETE -> {
                require(d, d.state() != DesktopState.DELETING, "delete");
                d.moveTo(DesktopState.DELETING, "delete requested by " + caller.name());
                work.fire(new DesktopWork(desktopId, DesktopWork.Kind.DELETE));
            }
        }
        audit.record(caller.name(), "desktop." + action.name().toLowerCase(java.util.Locale.ROOT), "desktop",
                desktopId.toString(), Outcome.SUCCESS, d.name());
    }

    private static void require(Desktop d, boolean ok, String what) {
        if (!ok) {
            throw new BrokerException(ErrorCode.INVALID_STATE, "desktop " + d.name() + " is " + d.state()
                    + "; cannot " + what);
        }
    }
}
