package org.vdi.console.tunnel;

import java.util.Objects;

import org.apache.guacamole.protocol.GuacamoleStatus;
import org.vdi.console.api.ConsoleRefusedException;
import org.vdi.console.api.Refusal;

/**
 * Why a console closes: the Guacamole status (which also picks the WebSocket
 * close code), the message its user reads, and the reason kept with the
 * session record. Refusals come from the console contract's {@link Refusal},
 * which holds every reason with its codes; failures reported by
 * guacamole-common carry their status as they are.
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

    /** A refusal of console-proxy's own, in the words given (the refusal's own when null). */
    static Closing of(Refusal refusal, String message) {
        String m = message == null ? refusal.message() : message;
        return new Closing(status(refusal), m, m);
    }

    /** A refusal of console-proxy's own, with a reason for the record apart from what the user reads. */
    static Closing of(Refusal refusal, String message, String reason) {
        return new Closing(status(refusal), message == null ? refusal.message() : message, reason);
    }

    /** The broker said no: its words when they help the user, with the code kept for the record. */
    static Closing refused(ConsoleRefusedException e) {
        return new Closing(status(e.refusal()), e.forPeople(), "refused by the broker: " + e.refusal().code() + ": "
                + e.getMessage());
    }

    /** A normal end: no error shown. */
    static Closing normal(String reason) {
        return new Closing(GuacamoleStatus.SUCCESS, "", reason);
    }

    /** The Guacamole status of a refusal; the contract's numbers are guacamole-common's. */
    static GuacamoleStatus status(Refusal refusal) {
        GuacamoleStatus s = GuacamoleStatus.fromGuacamoleStatusCode(refusal.guacamoleStatus());
        return s == null ? GuacamoleStatus.SERVER_ERROR : s;
    }

    boolean error() {
        return status != GuacamoleStatus.SUCCESS;
    }
}
