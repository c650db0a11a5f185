package org.vdi.portal.internal;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.Priority;
import jakarta.ejb.EJB;
import jakarta.ejb.EJBException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.interceptor.Interceptor;
import jakarta.validation.ConstraintViolationException;

import org.vdi.broker.application.ConsoleSessionService;
import org.vdi.broker.application.ConsoleTicketService;
import org.vdi.broker.domain.shared.BrokerException;
import org.vdi.console.api.ConsoleBroker;
import org.vdi.console.api.ConsoleRefusedException;
import org.vdi.console.api.Redemption;
import org.vdi.console.api.Refusal;

/**
 * The broker's console contract as a local call. console-proxy's tunnel and
 * SPICE bridge run inside the portal's application (the default, and the
 * compose stack), so redeeming a ticket is a call on the broker's beans in the
 * same process: no key to configure, no listener to protect, no display
 * password on any wire. Chosen over console-proxy's HTTP client by its
 * priority; a console-proxy on a node of its own has no such bean and uses
 * the internal listener instead ({@link InternalListener}).
 *
 * <p>The broker's errors become the contract's refusals by their code, which
 * both spell the same way (see {@link Refusal}).
 */
@Alternative
@Priority(Interceptor.Priority.APPLICATION + 10)
@ApplicationScoped
public class LocalConsoleBroker implements ConsoleBroker {

    private static final Logger LOG = Logger.getLogger(LocalConsoleBroker.class.getName());

    @EJB
    ConsoleTicketService tickets;

    @EJB
    ConsoleSessionService sessions;

    @Override
    public Redemption redeem(String ticket, String clientAddr) throws ConsoleRefusedException {
        return call(() -> tickets.redeem(ticket, clientAddr));
    }

    @Override
    public void refuse(String ticket, String reason, String clientAddr) throws ConsoleRefusedException {
        call(() -> {
            tickets.refuse(ticket, reason, clientAddr);
            return null;
        });
    }

    @Override
    public void end(UUID sessionId, long bytesIn, long bytesOut, String reason) throws ConsoleRefusedException {
        call(() -> {
            sessions.end(sessionId, bytesIn, bytesOut, reason);
            return null;
        });
    }

    @Override
    public Map<UUID, String> poll(Collection<UUID> live, Collection<UUID> active) throws ConsoleRefusedException {
        return call(() -> sessions.poll(live, active));
    }

    private static <T> T call(Supplier<T> call) throws ConsoleRefusedException {
        try {
            return call.get();
        } catch (RuntimeException e) {
            throw refusal(e);
        }
    }

    /** The refusal for what a broker call threw, looking through the EJB container's wrapping. */
    static ConsoleRefusedException refusal(RuntimeException thrown) {
        Throwable e = thrown;
        while (e instanceof EJBException && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof BrokerException be) {
            Refusal r = Refusal.fromCode(be.code().code()).orElse(Refusal.INTERNAL_ERROR);
            return new ConsoleRefusedException(r, be.getMessage(), be);
        }
        if (e instanceof ConstraintViolationException cve) {
            return new ConsoleRefusedException(Refusal.INVALID_INPUT, "the console request is invalid: "
                    + cve.getMessage(), cve);
        }
        LOG.log(Level.WARNING, "A console call on the broker failed", thrown);
        return new ConsoleRefusedException(Refusal.INTERNAL_ERROR, "internal error; see the server log", thrown);
    }
}
