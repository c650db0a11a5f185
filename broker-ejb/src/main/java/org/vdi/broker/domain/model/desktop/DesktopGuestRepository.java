package org.vdi.broker.domain.model.desktop;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The guest state of desktops, one row each, created on the first report. */
public interface DesktopGuestRepository {

    Optional<DesktopGuest> find(UUID desktopId);

    /** The rows of the given desktops that have one, by desktop id (for listings). */
    Map<UUID, DesktopGuest> findAll(Collection<UUID> desktopIds);

    void add(DesktopGuest guest);
}
