package org.vdi.console.tunnel;

import java.util.Objects;

import org.apache.guacamole.protocol.GuacamoleStatus;

/**
 * Why a console closes: the Guacamole status (which also picks the WebSocket
 * close code), the message its user reads, and the reason kept with the
 * session record.
 */
record Closing(GuacamoleStatus status, String message, String reason) {

    Closing {
        Objects.requireNonNull(status, "status");
        message = message == null ? "" : message;
        reason = reason == null || reason.isBlank() ? message : reason;
    }

    static Closing of(GuacamoleStatus status, String message) {
        return new Closing(status, message, message);
    }

    /** A normal end: no error shown. */
    static Closing normal(String reason) {
        return new Closing(GuacamoleStatus.SUCCESS, "", reason);
    }

    boolean error() {
        return status != GuacamoleStatus.SUCCESS;
    }
}
