package org.vdi.portal.rest;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.vdi.broker.application.ConsoleSessionService;
import org.vdi.broker.application.ConsoleTicketService;
import org.vdi.broker.domain.shared.BrokerException;
import org.vdi.portal.rest.ConsoleDtos.CloseOrder;
import org.vdi.portal.rest.ConsoleDtos.EndRequest;
import org.vdi.portal.rest.ConsoleDtos.PollRequest;
import org.vdi.portal.rest.ConsoleDtos.PollResponse;
import org.vdi.portal.rest.ConsoleDtos.RedeemRequest;
import org.vdi.portal.rest.ConsoleDtos.RedemptionDto;
import org.vdi.portal.rest.ConsoleDtos.RefuseRequest;

/**
 * The broker side of console-proxy, which stays stateless and runs none of the
 * broker's beans: it redeems tickets, reports session ends and asks which of
 * its consoles to close. No bearer token here (the authentication mechanism
 * lets /api/v1/internal through); every call carries the shared proxy key.
 */
@Path("/internal")
@RequestScoped
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class InternalConsoleResource {

    @EJB
    ConsoleTicketService tickets;

    @EJB
    ConsoleSessionService sessions;

    @Inject
    ProxyKey proxyKey;

    @POST
    @Path("console-tickets/redeem")
    public RedemptionDto redeem(@HeaderParam(ProxyKey.HEADER) String key, RedeemRequest body) {
        proxyKey.require(key);
        if (body == null || body.ticket() == null) {
            throw BrokerException.invalid("ticket is required");
        }
        return RedemptionDto.of(tickets.redeem(body.ticket(), body.clientAddr()));
    }

    @POST
    @Path("console-tickets/refuse")
    public Response refuse(@HeaderParam(ProxyKey.HEADER) String key, RefuseRequest body) {
        proxyKey.require(key);
        if (body == null || body.ticket() == null || body.reason() == null) {
            throw BrokerException.invalid("ticket and reason are required");
        }
        tickets.refuse(body.ticket(), body.reason(), body.clientAddr());
        return Response.noContent().build();
    }

    @POST
    @Path("console-sessions/{id}/end")
    public Response end(@HeaderParam(ProxyKey.HEADER) String key, @PathParam("id") UUID id, EndRequest body) {
        proxyKey.require(key);
        EndRequest b = body == null ? new EndRequest(0L, 0L, null) : body;
        sessions.end(id, b.bytesIn() == null ? 0 : b.bytesIn(), b.bytesOut() == null ? 0 : b.bytesOut(), b.reason());
        return Response.noContent().build();
    }

    @POST
    @Path("console-sessions/poll")
    public PollResponse poll(@HeaderParam(ProxyKey.HEADER) String key, PollRequest body) {
        proxyKey.require(key);
        List<UUID> live = body == null || body.live() == null ? List.of() : body.live();
        List<UUID> active = body == null || body.active() == null ? List.of() : body.active();
        Map<UUID, String> close = sessions.poll(live, active);
        return new PollResponse(close.entrySet().stream().map(e -> new CloseOrder(e.getKey(), e.getValue())).toList());
    }
}
