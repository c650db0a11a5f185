package org.vdi.broker.application;

import java.time.Instant;
import java.util.UUID;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import org.vdi.broker.config.ConsoleConfig;
import org.vdi.broker.domain.model.assignment.Assignment;
import org.vdi.broker.domain.model.assignment.AssignmentRepository;
import org.vdi.broker.domain.model.audit.AuditEvent.Outcome;
import org.vdi.broker.domain.model.audit.AuditTrail;
import org.vdi.broker.domain.model.console.ConsoleSession;
import org.vdi.broker.domain.model.console.ConsoleSessionRepository;
import org.vdi.broker.domain.model.console.ConsoleTicket;
import org.vdi.broker.domain.model.console.ConsoleTicketRepository;
import org.vdi.broker.domain.model.console.TicketToken;
import org.vdi.broker.domain.model.desktop.Desktop;
import org.vdi.broker.domain.model.desktop.DesktopRepository;
import org.vdi.broker.domain.model.desktop.DesktopState;
import org.vdi.broker.domain.shared.BrokerException;
import org.vdi.broker.domain.shared.ErrorCode;

/**
 * The short transactions of a redemption, around the hypervisor call that
 * opens the display: burn the ticket, check who may use it, then record the
 * session. Each method commits on its own.
 */
// NOTE: REQUIRES_NEW on every method. The ticket must stay burnt even when a
// later step fails (a refused ticket is not retried), and no row lock may be
// held while libvirt sets the display password.
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class ConsoleSteps {

    static final String REDEEM = "console.redeem";
    static final String OPEN = "console.open";

    @Inject
    ConsoleTicketRepository tickets;

    @Inject
    ConsoleSessionRepository sessions;

    @Inject
    AssignmentRepository assignments;

    @Inject
    DesktopRepository desktops;

    @Inject
    AuditTrail audit;

    @Inject
    ConsoleConfig config;

    /**
     * Checks the ticket's MAC and redeems it, once, atomically in the database.
     *
     * @return the redeemed ticket (detached)
     */
    public ConsoleTicket burn(String text, String clientAddress, String action) {
        TicketToken token = TicketToken.parse(text).orElseThrow(() -> refused("unknown", null, action,
                "malformed console ticket", clientAddress, ErrorCode.TICKET_INVALID));
        ConsoleTicket t = tickets.find(token.id()).orElseThrow(() -> refused("unknown", null, action,
                "unknown console ticket " + token.id(), clientAddress, ErrorCode.TICKET_INVALID));
        if (!t.matches(token, config.signer())) {
            throw refused(t.userName(), t.desktopId(), action, "forged or altered console ticket " + t.id(),
                    clientAddress, ErrorCode.TICKET_INVALID);
        }
        if (!tickets.redeem(t.id())) {
            boolean expired = t.redeemedAt() == null && t.expiredAt(Instant.now());
            throw refused(t.userName(), t.desktopId(), action, (expired ? "expired" : "already used")
                    + " console ticket " + t.id(), clientAddress,
                    expired ? ErrorCode.TICKET_EXPIRED : ErrorCode.TICKET_USED);
        }
        return t;
    }

    /** The desktop the redeemed ticket opens, while its user still holds it and it runs. */
    public ConsoleTarget authorize(ConsoleTicket t, String clientAddress) {
        Desktop d = holder(t, clientAddress);
        requireRunning(t, d, clientAddress);
        return new ConsoleTarget(d.host(), d.name(), d.pool().clipboard());
    }

    /**
     * Records the console session once the display is open: the desktop is in
     * use, the assignment active now. Checks the holder again, as the
     * assignment may have been released while libvirt worked.
     */
    public UUID start(ConsoleTicket t, String clientAddress) {
        // lock first, so the assignment and state read next are the current ones
        desktops.lock(t.desktopId()).orElseThrow(() -> BrokerException.notFound("desktop", t.desktopId()));
        Desktop d = holder(t, clientAddress);
        requireRunning(t, d, clientAddress);
        if (d.state() == DesktopState.ASSIGNED) {
            d.moveTo(DesktopState.IN_USE, "console opened by " + t.userName());
        }
        ConsoleSession s = new ConsoleSession(t, d.name(), clientAddress, Instant.now());
        sessions.add(s);
        audit.record(t.userName(), OPEN, "desktop", d.id().toString(), Outcome.SUCCESS,
                d.name() + ": console session " + s.id() + " from " + address(clientAddress));
        return s.id();
    }

    private Desktop holder(ConsoleTicket t, String clientAddress) {
        Assignment a = assignments.find(t.assignmentId())
                .filter(Assignment::active)
                .filter(x -> x.userName().equals(t.userName()) && x.desktop().id().equals(t.desktopId()))
                .orElseThrow(() -> {
                    audit.recordApart(t.userName(), REDEEM, "desktop", t.desktopId().toString(), Outcome.DENIED,
                            "console ticket " + t.id() + " for a desktop " + t.userName()
                                    + " no longer holds, from " + address(clientAddress));
                    return new BrokerException(ErrorCode.FORBIDDEN, "the desktop of this console ticket is no "
                            + "longer assigned to " + t.userName());
                });
        return a.desktop();
    }

    private void requireRunning(ConsoleTicket t, Desktop d, String clientAddress) {
        if (!d.state().isHeld()) {
            audit.recordApart(t.userName(), OPEN, "desktop", d.id().toString(), Outcome.FAILED,
                    d.name() + " is " + d.state() + ", from " + address(clientAddress));
            throw new BrokerException(ErrorCode.DESKTOP_NOT_READY, "desktop " + d.name() + " is not running ("
                    + d.state().name().toLowerCase(java.util.Locale.ROOT) + "); try again when it runs");
        }
    }

    private BrokerException refused(String actor, UUID desktopId, String action, String detail,
            String clientAddress, ErrorCode code) {
        audit.recordApart(actor, action, "desktop", desktopId == null ? null : desktopId.toString(), Outcome.DENIED,
                detail + " from " + address(clientAddress));
        String message = switch (code) {
            case TICKET_EXPIRED -> "this console ticket has expired; open the console again for a new one";
            case TICKET_USED -> "this console ticket was already used; each ticket opens one console";
            default -> "this console ticket is not valid";
        };
        return new BrokerException(code, message);
    }

    static String address(String clientAddress) {
        return clientAddress == null || clientAddress.isBlank() ? "an unknown address" : clientAddress;
    }
}
