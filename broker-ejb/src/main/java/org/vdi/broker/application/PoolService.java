package org.vdi.broker.application;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.constraints.NotNull;

import org.vdi.broker.domain.model.desktop.Desktop;
import org.vdi.broker.domain.model.desktop.DesktopState;
import org.vdi.broker.domain.model.pool.Pool;
import org.vdi.broker.domain.model.pool.PoolSettings;

/** Creating and changing pools; what each caller may see of them. */
public interface PoolService {

    Pool create(@NotNull PoolSettings settings, @NotNull UUID imageId, @NotNull Caller caller);

    Pool update(@NotNull UUID poolId, @NotNull PoolSettings settings, @NotNull UUID imageId, @NotNull Caller caller);

    /**
     * Disables the pool; the monitor deletes its desktops and then the pool.
     * Refused with 409 while users hold desktops, unless forced.
     */
    void delete(@NotNull UUID poolId, boolean force, @NotNull Caller caller);

    /** Admins see every pool; users see the pools entitled to their groups or roles. */
    List<Pool> visibleTo(@NotNull Caller caller);

    Pool get(@NotNull UUID poolId);

    List<Desktop> desktops(@NotNull UUID poolId);

    Map<DesktopState, Long> counts(@NotNull UUID poolId);
}
