package org.vdi.broker.application;

import java.time.Instant;
import java.util.UUID;

/**
 * A console ticket for SPICE in the browser, with the one-time SPICE password
 * the page hands to spice-html5: unlike VNC, where console-proxy answers the
 * display's authentication, spice-html5 authenticates every SPICE channel
 * itself. The password was just set on the running domain and opens new
 * connections only until {@code passwordValidUntil} (about a minute).
 */
public record SpiceTicket(IssuedTicket ticket, String password, Instant passwordValidUntil) {

    @Override
    public String toString() {
        // never log the password or the ticket
        return "SpiceTicket[" + ticket + ", password until " + passwordValidUntil + "]";
    }
}
