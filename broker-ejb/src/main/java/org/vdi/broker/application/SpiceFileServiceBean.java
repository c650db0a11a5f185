package org.vdi.broker.application;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import org.vdi.broker.config.SpiceConfig;
import org.vdi.broker.domain.model.assignment.AssignmentRepository;
import org.vdi.broker.domain.model.audit.AuditEvent.Outcome;
import org.vdi.broker.domain.model.audit.AuditTrail;
import org.vdi.broker.domain.model.console.DisplayPasswords;
import org.vdi.broker.domain.model.desktop.Desktop;
import org.vdi.broker.domain.model.desktop.DesktopRepository;
import org.vdi.broker.domain.model.hypervisor.ConsoleEndpoint;
import org.vdi.broker.domain.model.hypervisor.Hypervisor;
import org.vdi.broker.domain.shared.BrokerException;
import org.vdi.broker.domain.shared.ErrorCode;

// NOTE: no transaction: the reads are plain lookups, the libvirt call must not
// run inside a transaction holding anything, and every audit entry is written
// apart (recordApart), so a refusal is on record whatever follows.
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SpiceFileServiceBean implements SpiceFileService {

    static final String ACTION = "console.spice";
    private static final String PROTOCOL = "spice";

    private final DisplayPasswords passwords = new DisplayPasswords(new SecureRandom());

    @Inject
    DesktopRepository desktops;

    @Inject
    AssignmentRepository assignments;

    @Inject
    Hypervisor hypervisor;

    @Inject
    AuditTrail audit;

    @Inject
    SpiceConfig config;

    @Override
    public SpiceAccess open(UUID desktopId, Caller caller, String requestHost) {
        Desktop d = desktops.find(desktopId).orElseThrow(() -> BrokerException.notFound("desktop", desktopId));
        String target = desktopId.toString();
        assignments.findActiveByDesktop(desktopId)
                .filter(a -> a.userName().equals(caller.name()))
                .orElseThrow(() -> {
                    audit.recordApart(caller.name(), ACTION, "desktop", target, Outcome.DENIED,
                            "not the caller's desktop: " + d.name());
                    return new BrokerException(ErrorCode.FORBIDDEN, "this desktop is not yours");
                });
        if (!d.pool().spice()) {
            audit.recordApart(caller.name(), ACTION, "desktop", target, Outcome.DENIED,
                    d.name() + ": pool " + d.pool().name() + " has SPICE off");
            throw new BrokerException(ErrorCode.PROTOCOL_DISABLED, "SPICE is off for the pool of desktop "
                    + d.name() + "; use the browser console");
        }
        if (!d.state().isHeld()) {
            throw new BrokerException(ErrorCode.DESKTOP_NOT_READY, "desktop " + d.name() + " is not running ("
                    + d.state().name().toLowerCase(Locale.ROOT) + "); try again when it runs");
        }
        String host = SpiceAddress.choose(config.publicHost(), d.host().consoleAddress(), requestHost);
        Instant validUntil = Instant.now().plusSeconds(config.passwordValiditySeconds());
        ConsoleEndpoint endpoint;
        try {
            endpoint = hypervisor.openConsole(d.host(), d.name(), PROTOCOL, passwords.spice(), validUntil);
        } catch (BrokerException e) {
            audit.recordApart(caller.name(), ACTION, "desktop", target, Outcome.FAILED, d.name() + ": "
                    + e.getMessage());
            throw e;
        }
        if (endpoint.port() <= 0 && endpoint.tlsPort() <= 0) {
            throw new BrokerException(ErrorCode.HYPERVISOR_ERROR, "desktop " + d.name() + " has no SPICE port");
        }
        audit.recordApart(caller.name(), ACTION, "desktop", target, Outcome.SUCCESS, d.name()
                + ": SPICE password set for a viewer at " + host + ":" + endpoint.port() + ", valid until "
                + validUntil);
        return new SpiceAccess(desktopId, d.name(), host, endpoint.port(), endpoint.tlsPort(),
                endpoint.password(), validUntil);
    }
}
