package org.vdi.broker.application;

import java.security.SecureRandom;
import java.time.Duration;
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
import org.vdi.broker.domain.model.console.ConsoleTicket;
import org.vdi.broker.domain.model.console.ConsoleTicketRepository;
import org.vdi.broker.domain.model.console.DisplayPasswords;
import org.vdi.broker.domain.model.desktop.Desktop;
import org.vdi.broker.domain.model.desktop.DesktopRepository;
import org.vdi.broker.domain.model.hypervisor.ConsoleEndpoint;
import org.vdi.broker.domain.model.hypervisor.Hypervisor;
import org.vdi.broker.domain.shared.BrokerException;
import org.vdi.broker.domain.shared.ErrorCode;
import org.vdi.console.api.Redemption;
import org.vdi.console.api.TicketText;

@Stateless
public class ConsoleTicketServiceBean implements ConsoleTicketService {

    /** Tickets are kept this long after expiry (for the record), then purged when new ones are issued. */
    private static final Duration KEEP_EXPIRED = Duration.ofHours(1);
    private static final String VNC = "vnc";
    private static final String SPICE = "spice";

    private final DisplayPasswords passwords = new DisplayPasswords(new SecureRandom());

    @Inject
    DesktopRepository desktops;

    @Inject
    AssignmentRepository assignments;

    @Inject
    ConsoleTicketRepository tickets;

    @Inject
    ConsoleSteps steps;

    @Inject
    Hypervisor hypervisor;

    @Inject
    AuditTrail audit;

    @Inject
    ConsoleConfig config;

    @Override
    public IssuedTicket issue(UUID desktopId, Caller caller, String loginSession) {
        Desktop d = desktops.find(desktopId).orElseThrow(() -> BrokerException.notFound("desktop", desktopId));
        Assignment a = requireReady(d, caller);
        return add(d, a, caller, loginSession, VNC);
    }

    // NOTE: the libvirt call runs inside this method's transaction, which holds no row
    // lock (reads only until the ticket row is inserted, after the password is set).
    @Override
    public SpiceTicket issueSpice(UUID desktopId, Caller caller, String loginSession) {
        Desktop d = desktops.find(desktopId).orElseThrow(() -> BrokerException.notFound("desktop", desktopId));
        Assignment a = requireReady(d, caller);
        if (!d.pool().spice()) {
            audit.recordApart(caller.name(), "console.ticket", "desktop", desktopId.toString(), Outcome.DENIED,
                    d.name() + ": pool " + d.pool().name() + " has SPICE off");
            throw new BrokerException(ErrorCode.PROTOCOL_DISABLED, "SPICE is off for the pool of desktop "
                    + d.name() + "; use the browser console");
        }
        Instant validUntil = Instant.now().plusSeconds(config.passwordValiditySeconds());
        ConsoleEndpoint endpoint;
        try {
            endpoint = hypervisor.openConsole(d.host(), d.name(), SPICE, passwords.spice(), validUntil);
        } catch (BrokerException e) {
            audit.recordApart(caller.name(), ConsoleSteps.OPEN, "desktop", desktopId.toString(), Outcome.FAILED,
                    d.name() + ": " + e.getMessage());
            throw e;
        }
        if (endpoint.port() <= 0) {
            throw new BrokerException(ErrorCode.HYPERVISOR_ERROR, "desktop " + d.name()
                    + " has no plain SPICE port for the browser bridge");
        }
        IssuedTicket t = add(d, a, caller, loginSession, SPICE);
        return new SpiceTicket(t, endpoint.password(), validUntil);
    }

    private Assignment requireReady(Desktop d, Caller caller) {
        UUID desktopId = d.id();
        Assignment a = assignments.findActiveByDesktop(desktopId)
                .filter(x -> x.userName().equals(caller.name()))
                .orElseThrow(() -> {
                    audit.recordApart(caller.name(), "console.ticket", "desktop", desktopId.toString(),
                            Outcome.DENIED, "not the caller's desktop: " + d.name());
                    return new BrokerException(ErrorCode.FORBIDDEN, "this desktop is not yours");
                });
        if (!d.state().isHeld()) {
            throw new BrokerException(ErrorCode.DESKTOP_NOT_READY, "desktop " + d.name() + " is not running yet ("
                    + d.state().name().toLowerCase(java.util.Locale.ROOT) + "); try again in a moment");
        }
        return a;
    }

    private IssuedTicket add(Desktop d, Assignment a, Caller caller, String loginSession, String protocol) {
        UUID desktopId = d.id();
        Instant now = Instant.now();
        ConsoleTicket.Issued issued = ConsoleTicket.issue(config.signer(), caller.name(), desktopId, a.id(),
                loginSession, protocol, now, config.ticketTtlSeconds());
        tickets.add(issued.ticket());
        tickets.purgeExpiredBefore(now.minus(KEEP_EXPIRED));
        audit.record(caller.name(), "console.ticket", "desktop", desktopId.toString(), Outcome.SUCCESS,
                d.name() + ": " + protocol + " ticket " + issued.ticket().id() + " until " + issued.ticket().expiresAt());
        return new IssuedTicket(issued.token().encode(), desktopId, issued.ticket().expiresAt());
    }

    // NOTE: no transaction here: each step commits on its own (ConsoleSteps), and
    // the libvirt call between them runs without holding any row lock.
    @Override
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public Redemption redeem(String ticket, String clientAddress) {
        ConsoleTicket t = steps.burn(ticket, clientAddress, ConsoleSteps.REDEEM);
        ConsoleTarget target = steps.authorize(t, clientAddress);
        Instant validUntil = Instant.now().plusSeconds(config.passwordValiditySeconds());
        ConsoleEndpoint endpoint;
        try {
            // SPICE: the password was set when the ticket was issued and the browser has it;
            // setting another here would lock out the page that is connecting
            endpoint = SPICE.equals(t.protocol())
                    ? hypervisor.locateConsole(target.host(), target.desktopName(), SPICE)
                    : hypervisor.openConsole(target.host(), target.desktopName(), t.protocol(), passwords.vnc(),
                            validUntil);
        } catch (BrokerException e) {
            audit.recordApart(t.userName(), ConsoleSteps.OPEN, "desktop", t.desktopId().toString(), Outcome.FAILED,
                    target.desktopName() + ": " + e.getMessage());
            throw e;
        }
        if (endpoint.port() <= 0) {
            throw new BrokerException(ErrorCode.HYPERVISOR_ERROR, "desktop " + target.desktopName()
                    + " has no " + t.protocol() + " port");
        }
        UUID sessionId = steps.start(t, clientAddress);
        return new Redemption(sessionId, endpoint.protocol(), endpoint.host(), endpoint.port(), endpoint.password(),
                t.desktopId(), target.desktopName(), t.userName(), t.loginSession(), target.clipboard());
    }

    @Override
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void refuse(String ticket, String reason, String clientAddress) {
        if (!TicketText.wellFormed(ticket)) {
            // no ticket to burn: console-proxy reports attempts it refused itself (one record for many)
            audit.recordApart("unknown", "console.refuse", null, null, Outcome.DENIED, reason + " (from "
                    + ConsoleSteps.address(clientAddress) + ")");
            return;
        }
        ConsoleTicket t = steps.burn(ticket, clientAddress, "console.refuse");
        audit.recordApart(t.userName(), "console.refuse", "desktop", t.desktopId().toString(), Outcome.DENIED,
                "console ticket " + t.id() + " refused by console-proxy (" + reason + ") from "
                        + ConsoleSteps.address(clientAddress));
    }
}
