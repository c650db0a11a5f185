package org.vdi.console.broker;

import java.util.UUID;

/**
 * A redeemed ticket: the console session the broker recorded and where the
 * desktop's display listens, with its one-time password. Never logged whole.
 */
public record Redemption(UUID sessionId, String protocol, String host, int port, String password,
        UUID desktopId, String desktopName, String user, String loginSession, boolean clipboard) {

    @Override
    public String toString() {
        return "Redemption[session " + sessionId + ", " + user + " on " + desktopName + "]";
    }
}
