package org.vdi.console.tunnel;

import org.apache.guacamole.GuacamoleServerException;

/**
 * guacd could not be used for a console: no connection, a handshake that broke off, or
 * a protocol version console-proxy does not speak. Kept apart from guacd's own refusals
 * (which concern the desktop) so the user reads that the console service is
 * unavailable, not that the desktop is.
 */
final class GuacdUnavailableException extends GuacamoleServerException {

    private static final long serialVersionUID = 1L;

    GuacdUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    GuacdUnavailableException(String message) {
        super(message);
    }
}
