package org.vdi.broker.application;

import java.util.UUID;

/**
 * Hypervisor work a transaction decided on, to run once it has committed
 * (fired as a CDI event, observed after success only).
 */
public record DesktopWork(UUID desktopId, Kind kind) {

    public enum Kind { START_ASSIGNED, START, STOP, RESET, REFRESH, DELETE }
}
