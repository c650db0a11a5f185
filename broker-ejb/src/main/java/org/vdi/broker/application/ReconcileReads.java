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

    @Inject
    org.vdi.broker.domain.model.pool.PoolRepository pools;

    public List<Desktop> onHost(UUID hostId) {
        return desktops.findByHost(hostId);
    }

    public boolean poolExists(UUID poolId) {
        return poolId != null && pools.find(poolId).isPresent();
    }

    public boolean exists(UUID desktopId) {
        return desktops.find(desktopId).isPresent();
    }
}
