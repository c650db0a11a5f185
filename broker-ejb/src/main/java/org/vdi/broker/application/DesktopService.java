package org.vdi.broker.application;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.constraints.NotNull;

import org.vdi.broker.domain.model.desktop.Desktop;
import org.vdi.broker.domain.model.desktop.DesktopGuest;
import org.vdi.broker.domain.model.desktop.DesktopState;

/** Admin actions on single desktops. */
public interface DesktopService {

    /** The admin actions, as they appear in {@code /desktops/{id}/actions/{action}}. */
    enum Action { START, STOP, REFRESH, DELETE, RELEASE }

    Desktop get(@NotNull UUID desktopId);

    List<Desktop> search(UUID poolId, DesktopState state, String user, int max);

    /** What the guest agents of these desktops last reported, by desktop id (none for desktops never asked). */
    Map<UUID, DesktopGuest> guests(@NotNull Collection<UUID> desktopIds);

    /** Checks the action fits the desktop's state now, then runs it after commit. */
    void act(@NotNull UUID desktopId, @NotNull Action action, @NotNull Caller caller);
}
