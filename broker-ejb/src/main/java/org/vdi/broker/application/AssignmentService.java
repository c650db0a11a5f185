package org.vdi.broker.application;

import java.util.List;
import java.util.UUID;

import jakarta.validation.constraints.NotNull;

/** Handing desktops to users and taking them back. */
public interface AssignmentService {

    /**
     * Gives the caller a desktop of the pool in one transaction: the one they
     * already hold, else a free running one, else a free stopped one (started
     * after commit). {@code additional} asks for one more desktop within the
     * pool's per-user limit instead of the one already held.
     *
     * @throws org.vdi.broker.domain.shared.BrokerException forbidden (not entitled, audited),
     *         no_desktop_available (503), not_found
     */
    AssignmentResult assign(@NotNull UUID poolId, @NotNull Caller caller, boolean additional);

    /** Releases an assignment and applies the pool's logoff policy (keep, refresh, delete). */
    void release(@NotNull UUID assignmentId, @NotNull Caller caller, @NotNull String reason);

    /** Releases whatever holds the desktop (admin "force release"). */
    void releaseDesktop(@NotNull UUID desktopId, @NotNull Caller caller);

    /** The caller's open assignments. */
    List<AssignmentResult> held(@NotNull Caller caller);

    /** Power-cycles a desktop the caller holds. */
    void reset(@NotNull UUID desktopId, @NotNull Caller caller);

    /**
     * Releases the desktop's assignment with the pool's logoff policy when its
     * user logged off inside the guest during the assignment and nobody has
     * logged on again within the pool's grace period; false when that no
     * longer holds (checked again under the desktop's row lock).
     */
    boolean releaseAfterGuestLogoff(@NotNull UUID desktopId);

    /** Releases assignments past their pool's idle or maximum session time; returns how many. */
    int expire();
}
