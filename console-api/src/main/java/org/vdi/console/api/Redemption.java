package org.vdi.console.api;

import java.util.Objects;
import java.util.UUID;

/**
 * A redeemed ticket: the console session the broker recorded, where the
 * desktop's display listens with its one-time password, whose console it is,
 * and what it may do. The password goes to console-proxy only, so
 * {@link #toString()} never shows it: a redemption may be logged whole.
 *
 * @param protocol "vnc" for the Guacamole tunnel, "spice" for the SPICE bridge
 * @param loginSession the login session the ticket was bound to ("bearer" for API tokens)
 * @param clipboard whether the pool lets the clipboard through
 */
public record Redemption(UUID sessionId, String protocol, String host, int port, String password,
        UUID desktopId, String desktopName, String user, String loginSession, boolean clipboard) {

    public Redemption {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        password = password == null ? "" : password;
    }

    @Override
    public String toString() {
        return "Redemption[session " + sessionId + ", " + user + " on " + desktopName + " " + protocol + " " + host
                + ":" + port + "]";
    }
}
