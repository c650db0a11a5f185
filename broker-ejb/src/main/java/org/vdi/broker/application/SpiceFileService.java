package org.vdi.broker.application;

import java.util.UUID;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * SPICE access for the user's own viewer (a .vv file for remote-viewer): the
 * display's address and a fresh short-lived password, for the desktop the caller
 * holds. Unlike a console ticket, the password itself goes to the user; it is
 * long, set by QEMU with an expiry, and replaced by the next request.
 */
public interface SpiceFileService {

    /**
     * Sets a new SPICE password on the caller's running desktop and tells where
     * to connect. Audited, refusals included.
     *
     * @param requestHost the Host header the portal was reached by, used as the address
     *                    when the display listens on a loopback or wildcard address only
     * @throws org.vdi.broker.domain.shared.BrokerException not_found; forbidden when the caller
     *         does not hold the desktop; protocol_disabled when its pool has SPICE off;
     *         desktop_not_ready when it does not run; hypervisor errors
     */
    SpiceAccess open(@NotNull UUID desktopId, @NotNull Caller caller, @Size(max = 300) String requestHost);
}
