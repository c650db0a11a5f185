package org.vdi.console.tunnel;

import java.util.Optional;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.vdi.console.api.ConsoleBroker;
import org.vdi.console.api.ConsoleRefusedException;
import org.vdi.console.api.Refusal;
import org.vdi.console.api.TicketText;
import org.vdi.console.config.ConsoleSettings;
import org.vdi.console.metrics.ConsoleMetrics;

/**
 * The checks every console socket passes before its ticket is redeemed, for the
 * Guacamole tunnel and the SPICE bridge alike: the handshake was seen, the client
 * address has not had too many attempts refused this minute ({@link RefusalLimiter}),
 * the page's Origin may open consoles (a ticket that came from a foreign page is
 * burnt), and a ticket of a ticket's shape is present. Only a foreign page's ticket
 * makes a call (to burn it), so the gate runs on the console's own thread, never in
 * a container's onOpen.
 */
@ApplicationScoped
public class AdmissionGate {

    private static final Logger LOG = Logger.getLogger(AdmissionGate.class.getName());

    @Inject
    ConsoleSettings settings;

    @Inject
    ConsoleBroker broker;

    @Inject
    RefusalLimiter limiter;

    @Inject
    ConsoleMetrics metrics;

    /** What a refusal says, in the words of the endpoint's kind of console. */
    record Words(String kind, String uncheckedRequest, String noTicket) {
    }

    /**
     * The handshake's facts when the socket may go on to redeem its ticket; otherwise the
     * socket is closed with the reason and the result is empty.
     */
    Optional<HandshakeFacts> check(Optional<HandshakeFacts> facts, String ticket, Consumer<Closing> close,
            Words words) {
        if (facts.isEmpty()) {
            refuse(close, Refusal.HANDSHAKE_UNCHECKED, words.uncheckedRequest());
            return Optional.empty();
        }
        HandshakeFacts f = facts.get();
        if (!limiter.admits(f.clientAddr(), System.nanoTime())) {
            refuse(close, Refusal.TOO_MANY_REFUSALS, null);
            return Optional.empty();
        }
        OriginPolicy origins;
        try {
            origins = new OriginPolicy(settings.allowedOrigins());
        } catch (IllegalArgumentException e) {
            LOG.log(Level.SEVERE, "No {0} can open: {1}", new Object[] {words.kind(), e.getMessage()});
            refuse(close, Refusal.MISCONFIGURED, null);
            return Optional.empty();
        }
        if (!origins.allows(f.origin(), f.host())) {
            limiter.refused(f.clientAddr(), System.nanoTime());
            refuseOrigin(ticket, f, close, words);
            return Optional.empty();
        }
        if (ticket == null || ticket.isBlank()) {
            limiter.refused(f.clientAddr(), System.nanoTime());
            refuse(close, Refusal.NO_TICKET, words.noTicket());
            return Optional.empty();
        }
        if (!TicketText.wellFormed(ticket)) {
            // no ticket the broker issued looks like this: refused here, without a call
            limiter.refused(f.clientAddr(), System.nanoTime());
            metrics.ticketRefused(Refusal.TICKET_INVALID);
            close.accept(Closing.of(Refusal.TICKET_INVALID, null, "malformed console ticket"));
            return Optional.empty();
        }
        return facts;
    }

    /** The broker refused the socket's ticket: it counts against the address, as the gate's refusals do. */
    void redeemRefused(HandshakeFacts f, ConsoleRefusedException e) {
        metrics.ticketRefused(e.refusal());
        switch (e.refusal()) {
            case TICKET_INVALID, TICKET_EXPIRED, TICKET_USED, FORBIDDEN -> limiter.refused(f.clientAddr(),
                    System.nanoTime());
            default -> {
                // a fault of the setup or the desktop, not of the attempt
            }
        }
    }

    private void refuseOrigin(String ticket, HandshakeFacts f, Consumer<Closing> close, Words words) {
        LOG.log(Level.INFO, "{0} refused: origin {1} may not open consoles here (Host {2})",
                new Object[] {words.kind(), f.origin(), f.host()});
        if (ticket != null && !ticket.isBlank()) {
            try {
                broker.refuse(ticket, "origin " + f.origin() + " is not allowed", f.clientAddr());
            } catch (ConsoleRefusedException e) {
                LOG.log(Level.FINE, "The broker did not take the refused ticket: {0}", e.getMessage());
            }
        }
        refuse(close, Refusal.ORIGIN_NOT_ALLOWED, null);
    }

    /** Closes the socket with the refusal and counts it in {@code vdi_ticket_refusals}. */
    private void refuse(Consumer<Closing> close, Refusal why, String message) {
        metrics.ticketRefused(why);
        close.accept(Closing.of(why, message));
    }
}
