package org.vdi.console.api;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/**
 * What console-proxy asks of the broker, and all it asks: console-proxy keeps
 * no records of its own, so a ticket is good only once the broker redeemed it,
 * and a session ends only when the broker was told. One interface, so the
 * transport (HTTP with the shared key today, a local call where both run in
 * one process) can change without the consoles noticing.
 *
 * <p>Every method may block for a network round trip: call none of them on a
 * WebSocket container's thread inside {@code onOpen}.
 */
public interface ConsoleBroker {

    /**
     * Redeems a ticket, once: the broker checks it, records the console session
     * and opens the desktop's display with a fresh one-time password.
     *
     * @param clientAddr the browser's address as console-proxy saw it, for the record
     * @throws ConsoleRefusedException why not, e.g. {@link Refusal#TICKET_USED} with the broker's words
     */
    Redemption redeem(String ticket, String clientAddr) throws ConsoleRefusedException;

    /**
     * Burns a ticket console-proxy will not honour (a foreign page's, for one),
     * so it cannot be tried again and the broker audits the attempt.
     */
    void refuse(String ticket, String reason, String clientAddr) throws ConsoleRefusedException;

    /** Reports a session's end, with its traffic and why it ended, for the record. */
    void end(UUID sessionId, long bytesIn, long bytesOut, String reason) throws ConsoleRefusedException;

    /**
     * Reports the sessions live on this node and those with user input since the
     * last report (the broker keeps their desktops in use and notices nodes that
     * died); returns the sessions to close, each with the message for its user
     * (an administrator terminated it, the desktop was released).
     */
    Map<UUID, String> poll(Collection<UUID> live, Collection<UUID> active) throws ConsoleRefusedException;
}
