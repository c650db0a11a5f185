package org.vdi.broker.application;

import java.time.Instant;
import java.util.UUID;

import org.vdi.broker.domain.model.desktop.DesktopState;

/**
 * What a user gets from "connect": the assignment and the desktop's state at
 * that moment, with the time it entered that state (how long it has been
 * starting, for instance).
 */
public record AssignmentResult(UUID assignmentId, UUID desktopId, String desktopName, DesktopState state,
        Instant stateSince, UUID poolId, String poolName) {
}
