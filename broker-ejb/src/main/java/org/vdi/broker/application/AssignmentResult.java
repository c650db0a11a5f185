package org.vdi.broker.application;

import java.util.UUID;

import org.vdi.broker.domain.model.desktop.DesktopState;

/** What a user gets from "connect": the assignment and the desktop's state at that moment. */
public record AssignmentResult(UUID assignmentId, UUID desktopId, String desktopName, DesktopState state,
        UUID poolId, String poolName) {
}
