package org.vdi.console.tunnel;

import org.apache.guacamole.protocol.GuacamoleStatus;
import org.vdi.console.broker.BrokerRefusal;

/**
 * Turns the broker's answer to a redemption into what the browser shows: the
 * broker's own message for what the user can act on (expired, already used,
 * not your desktop, desktop not running), a plain "try again" for the rest.
 */
final class Refusals {

    private Refusals() {
    }

    static Closing closing(BrokerRefusal r) {
        GuacamoleStatus status = switch (r.code()) {
            case "ticket_invalid", "ticket_expired", "ticket_used" -> GuacamoleStatus.CLIENT_UNAUTHORIZED;
            case "forbidden" -> GuacamoleStatus.CLIENT_FORBIDDEN;
            case "desktop_not_ready", "invalid_state", "conflict" -> GuacamoleStatus.UPSTREAM_UNAVAILABLE;
            case "not_found" -> GuacamoleStatus.RESOURCE_NOT_FOUND;
            case "host_unavailable", "hypervisor_error" -> GuacamoleStatus.UPSTREAM_ERROR;
            case "invalid_input" -> GuacamoleStatus.CLIENT_BAD_REQUEST;
            default -> GuacamoleStatus.SERVER_ERROR;
        };
        String message = status == GuacamoleStatus.SERVER_ERROR
                ? "the console service cannot reach the broker right now; try again in a moment"
                : r.getMessage();
        return new Closing(status, message, "refused by the broker: " + r.code() + ": " + r.getMessage());
    }
}
