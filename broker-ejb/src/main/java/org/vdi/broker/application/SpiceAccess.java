package org.vdi.broker.application;

import java.time.Instant;
import java.util.UUID;

/**
 * What a user's SPICE viewer needs to open one desktop: where to connect and the
 * password just set on the running domain, valid for new connections until
 * {@code validUntil}. tlsPort is -1 when the display has no TLS port.
 */
public record SpiceAccess(UUID desktopId, String desktopName, String host, int port, int tlsPort, String password,
        Instant validUntil) {

    @Override
    public String toString() {
        // never log the password
        return "SpiceAccess[" + desktopName + " " + host + ":" + port + " until " + validUntil + "]";
    }
}
