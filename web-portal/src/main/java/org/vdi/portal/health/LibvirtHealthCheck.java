package org.vdi.portal.health;

import java.util.List;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.vdi.broker.application.HostService;
import org.vdi.broker.domain.model.host.Host;
import org.vdi.broker.domain.model.host.HostState;

/**
 * "libvirt": every enabled host answers and has its storage pool running, as
 * the broker last found it (the reconciler probes the hosts every cycle; a
 * health call opens no libvirt connection). One data entry per host ("up" or
 * "down: reason"), so the failing host is named. No host registered yet is
 * reported as down: the broker cannot place desktops.
 */
@Readiness
@ApplicationScoped
public class LibvirtHealthCheck implements DetailedCheck {

    @EJB
    HostService hosts;

    @Override
    public HealthCheckResponse details() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("libvirt");
        List<Host> all;
        try {
            all = hosts.list();
        } catch (RuntimeException e) {
            return b.down().withData("reason", "cannot read hosts: " + e.getMessage()).build();
        }
        boolean up = true;
        int enabled = 0;
        for (Host h : all) {
            if (!h.enabled()) {
                b.withData(h.name(), "disabled");
                continue;
            }
            enabled++;
            if (h.state() == HostState.UP) {
                b.withData(h.name(), "up (" + h.virtualizationType().domainType() + ", " + h.libvirtUri() + ")");
            } else {
                up = false;
                b.withData(h.name(), "down: " + h.stateReason());
            }
        }
        if (enabled == 0) {
            return b.down().withData("reason", "no enabled host is registered").build();
        }
        return b.status(up).build();
    }
}
