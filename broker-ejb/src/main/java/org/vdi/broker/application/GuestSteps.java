package org.vdi.broker.application;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import org.vdi.broker.domain.model.desktop.Desktop;
import org.vdi.broker.domain.model.desktop.DesktopGuest;
import org.vdi.broker.domain.model.desktop.DesktopGuestRepository;
import org.vdi.broker.domain.model.desktop.DesktopRepository;
import org.vdi.broker.domain.model.desktop.DesktopState;
import org.vdi.broker.domain.model.hypervisor.GuestReport;

/**
 * The short transactions of the guest poll ({@link GuestWatch}): which
 * desktops to ask, and recording one answer. Each method commits on its own.
 */
// NOTE: REQUIRES_NEW: the agent is asked between these steps, outside any
// transaction, and recording touches only the desktop_guest row, never the
// desktop's row lock.
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class GuestSteps {

    /** The states in which a desktop's guest runs and is past its boot. */
    private static final List<DesktopState> RUNNING = List.of(DesktopState.ASSIGNED, DesktopState.IN_USE,
            DesktopState.AVAILABLE);

    @Inject
    DesktopRepository desktops;

    @Inject
    DesktopGuestRepository guests;

    /** Running desktops of pools that watch their guests, held ones first. */
    public List<Desktop> watched(int max) {
        List<Desktop> out = new ArrayList<>();
        for (DesktopState s : RUNNING) {
            desktops.search(null, s, null, max).stream()
                    .filter(d -> d.pool().watchesGuests())
                    .sorted(Comparator.comparing(Desktop::name))
                    .forEach(out::add);
        }
        return out.size() <= max ? out : out.subList(0, max);
    }

    /**
     * Records one report (writing only when it changes what is stored).
     *
     * @return the moment the guest's last user left, when nobody has logged in since
     */
    public Optional<Instant> record(UUID desktopId, GuestReport report) {
        Instant now = Instant.now();
        DesktopGuest g = guests.find(desktopId).orElseGet(() -> {
            DesktopGuest fresh = new DesktopGuest(desktopId);
            guests.add(fresh);
            return fresh;
        });
        if (g.differs(report, now)) {
            g.record(report, now);
        }
        return g.loggedIn() ? Optional.empty() : Optional.ofNullable(g.logoffAt());
    }
}
