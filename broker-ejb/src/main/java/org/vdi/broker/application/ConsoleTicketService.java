package org.vdi.broker.application;

import java.util.UUID;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.vdi.console.api.Redemption;

/**
 * Console tickets: the short-lived, single-use permission a browser presents
 * to console-proxy to open one console on one desktop.
 */
public interface ConsoleTicketService {

    /**
     * A ticket for the desktop the caller holds, bound to the caller, the
     * desktop and the caller's login session.
     *
     * @param loginSession the login session of the caller's token ({@code sid}), or null
     * @throws org.vdi.broker.domain.shared.BrokerException not_found; forbidden when someone
     *         else holds the desktop (audited); desktop_not_ready when it does not run
     */
    IssuedTicket issue(@NotNull UUID desktopId, @NotNull Caller caller, @Size(max = 1024) String loginSession);

    /**
     * A ticket for SPICE in the browser (protocol spice) for the desktop the
     * caller holds, and a fresh SPICE password set on the running domain now,
     * valid for new connections for {@code vdi.console.password-validity-seconds}.
     * The ticket opens one SPICE session: console-proxy redeems it with the
     * first (main) channel and lets further channels of that session in on it.
     *
     * @throws org.vdi.broker.domain.shared.BrokerException as {@link #issue}, and protocol_disabled
     *         when the desktop's pool has SPICE off (audited)
     */
    SpiceTicket issueSpice(@NotNull UUID desktopId, @NotNull Caller caller, @Size(max = 1024) String loginSession);

    /**
     * Redeems a ticket for console-proxy: once only, while it is valid and
     * its user still holds the desktop; then opens the desktop's display with a
     * fresh one-time password and records the console session. Every refusal
     * is audited.
     *
     * @param clientAddress the browser's address as console-proxy saw it, for the record
     * @throws org.vdi.broker.domain.shared.BrokerException ticket_invalid, ticket_expired,
     *         ticket_used, forbidden (the user no longer holds the desktop),
     *         desktop_not_ready, hypervisor errors
     */
    Redemption redeem(@NotNull @Size(max = 256) String ticket, @Size(max = 256) String clientAddress);

    /**
     * Burns a ticket console-proxy will not honour (for example a WebSocket
     * from a foreign origin) and audits why. Unknown tickets are audited too.
     */
    void refuse(@NotNull @Size(max = 256) String ticket, @NotNull @Size(max = 512) String reason,
            @Size(max = 256) String clientAddress);
}
