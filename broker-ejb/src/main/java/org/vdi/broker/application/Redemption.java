package org.vdi.broker.application;

import java.util.UUID;

/**
 * What console-proxy needs to open a console after redeeming its ticket:
 * where the desktop's display listens, its one-time password, and the session
 * to report the end of. The password goes to console-proxy only.
 */
public record Redemption(UUID sessionId, String protocol, String host, int port, String password,
        UUID desktopId, String desktopName, String user, String loginSession, boolean clipboard) {

    @Override
    public String toString() {
        // never log the password
        return "Redemption[session " + sessionId + ", " + user + " on " + desktopName + " " + protocol + " " + host
                + ":" + port + "]";
    }
}
