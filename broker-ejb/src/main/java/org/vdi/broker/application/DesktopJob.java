package org.vdi.broker.application;

import java.util.UUID;

import org.vdi.broker.domain.model.host.Host;
import org.vdi.broker.domain.model.hypervisor.DomainSpec;
import org.vdi.broker.domain.model.hypervisor.Hypervisor.CloneMode;

/**
 * A snapshot of what one hypervisor operation on a desktop needs, taken in a
 * short transaction so the slow libvirt work runs outside any transaction.
 */
public record DesktopJob(UUID desktopId, String desktopName, Host host, DomainSpec spec, String goldenVolume,
        int imageVersion, CloneMode cloneMode) {
}
