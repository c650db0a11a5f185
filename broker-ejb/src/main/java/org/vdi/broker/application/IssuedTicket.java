package org.vdi.broker.application;

import java.time.Instant;
import java.util.UUID;

/** A console ticket just issued: its text (shown once, never stored) and its expiry. */
public record IssuedTicket(String ticket, UUID desktopId, Instant expiresAt) {

    @Override
    public String toString() {
        return "IssuedTicket[desktop " + desktopId + ", expires " + expiresAt + "]";
    }
}
