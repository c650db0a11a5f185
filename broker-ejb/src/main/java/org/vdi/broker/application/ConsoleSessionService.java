package org.vdi.broker.application;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import org.vdi.broker.domain.model.console.ConsoleSession;

/**
 * Console sessions: what admins see and end, and what console-proxy reports.
 * The broker never holds a console connection itself; console-proxy does,
 * reports each end, and asks every few seconds which of its consoles to close.
 */
public interface ConsoleSessionService {

    /** Newest first: live ones, or all with {@code all}. */
    List<ConsoleSession> list(boolean all, int max);

    /**
     * Asks for a live session to be closed; console-proxy closes it within
     * seconds, with a message saying an administrator ended it.
     *
     * @throws org.vdi.broker.domain.shared.BrokerException not_found; invalid_state when it already ended
     */
    ConsoleSession terminate(@NotNull UUID sessionId, @NotNull Caller caller);

    /**
     * Records the end of a session with its traffic; the desktop leaves "in
     * use" when no other console is open on it. Repeated reports change nothing.
     */
    void end(@NotNull UUID sessionId, @PositiveOrZero long bytesIn, @PositiveOrZero long bytesOut,
            @Size(max = 1024) String reason);

    /**
     * A user signed out: their consoles of that sign-in close within seconds
     * and its unredeemed tickets stop working. With a login session, only that
     * one's; with only the user, all of theirs; with neither, nothing.
     *
     * @return the live consoles being closed, each with the message for its user (as
     *         {@link #poll} answers them, for a console-proxy that closes them at once)
     */
    Map<UUID, String> signedOut(String user, String loginSession);

    /**
     * Cuts the displays of these sessions' desktops (and, with a holder, of every
     * desktop that user holds) off from whoever has them open: for after an
     * administrator terminated a console or a user signed out, once the consoles
     * themselves were told why (a SPICE viewer holds its password itself). As far
     * as libvirt lets it: a host that fails is logged and audited, never an error.
     */
    void lockDisplays(@NotNull @Size(max = 10000) Collection<UUID> sessionIds, String holder, String actor,
            String why);

    /**
     * console-proxy's periodic report: the sessions it holds, and those with
     * user input since its last report (their assignments count as active).
     * Also ends sessions no proxy has reported for a while (a proxy that died).
     *
     * @return the reported sessions console-proxy must close, each with the message for its user
     */
    Map<UUID, String> poll(@NotNull @Size(max = 10000) Collection<UUID> live,
            @NotNull @Size(max = 10000) Collection<UUID> active);
}
