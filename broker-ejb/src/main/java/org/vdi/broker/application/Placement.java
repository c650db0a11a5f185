package org.vdi.broker.application;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.vdi.broker.domain.model.desktop.DesktopRepository;
import org.vdi.broker.domain.model.host.Host;
import org.vdi.broker.domain.model.host.HostRepository;
import org.vdi.broker.domain.model.host.HostState;
import org.vdi.broker.domain.model.hypervisor.Hypervisor;
import org.vdi.broker.domain.model.pool.Pool;

/**
 * Picks the host for a new desktop: up and enabled, with room for one more
 * desktop and its memory, and holding the pool's golden image in its storage
 * pool (clones are made inside one storage pool). Among those, the one with
 * the fewest desktops, so load spreads.
 */
@ApplicationScoped
public class Placement {

    @Inject
    HostRepository hosts;

    @Inject
    DesktopRepository desktops;

    @Inject
    Hypervisor hypervisor;

    public Optional<Host> choose(Pool pool) {
        String golden = pool.image().current().volume();
        List<Host> candidates = hosts.findAll().stream()
                .filter(h -> h.enabled() && h.state() == HostState.UP)
                .filter(h -> desktops.countOnHost(h.id()) < h.maxDesktops())
                .filter(h -> desktops.memoryOnHost(h.id()) + pool.memoryMib() <= h.maxMemoryMib())
                .toList();
        return candidates.stream()
                .filter(h -> hypervisor.volume(h, golden).isPresent())
                .min(Comparator.comparingLong((Host h) -> desktops.countOnHost(h.id())).thenComparing(Host::name));
    }
}
