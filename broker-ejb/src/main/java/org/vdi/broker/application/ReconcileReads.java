package org.vdi.broker.application;

import java.util.List;
import java.util.UUID;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

import org.vdi.broker.domain.model.desktop.Desktop;
import org.vdi.broker.domain.model.desktop.DesktopRepository;

/** The reads reconcile needs, each in its own short transaction. */
@Stateless
public class ReconcileReads {

    @Inject
    DesktopRepository desktops;

    public List<Desktop> onHost(UUID hostId) {
        return desktops.findByHost(hostId);
    }

    public boolean exists(UUID desktopId) {
        return desktops.find(desktopId).isPresent();
    }
}
