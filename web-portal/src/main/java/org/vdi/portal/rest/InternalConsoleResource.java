package org.vdi.portal.rest;

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
import org.vdi.console.api.ConsoleCalls;
import org.vdi.console.api.ConsoleJson;
import org.vdi.console.api.ConsoleRefusedException;
import org.vdi.console.api.InternalApi;

/**
 * The broker side of console-proxy, which stays stateless and runs none of the
 * broker's beans: it redeems tickets, reports session ends and asks which of
 * its consoles to close. No bearer token here (the authentication mechanism
 * lets /api/v1/internal through); every call carries the shared proxy key.
 * Bodies are the console contract's JSON ({@link ConsoleJson}), read and
 * written by the same code console-proxy uses; the broker's own errors go to
 * the one exception mapper as everywhere else.
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

    /** One call of the contract, after the key was checked. */
    @FunctionalInterface
    interface Call {
        Response run() throws ConsoleRefusedException;
    }

    @POST
    @Path(InternalApi.REDEEM)
    public Response redeem(@HeaderParam(ProxyKey.HEADER) String key, String body) {
        return guarded(key, () -> {
            ConsoleCalls.Redeem r = ConsoleJson.redeem(body);
            return json(ConsoleJson.toJson(tickets.redeem(r.ticket(), r.clientAddr())));
        });
    }

    @POST
    @Path(InternalApi.REFUSE)
    public Response refuse(@HeaderParam(ProxyKey.HEADER) String key, String body) {
        return guarded(key, () -> {
            ConsoleCalls.Refuse r = ConsoleJson.refuse(body);
            tickets.refuse(r.ticket(), r.reason(), r.clientAddr());
            return Response.noContent().build();
        });
    }

    @POST
    @Path(InternalApi.END)
    public Response end(@HeaderParam(ProxyKey.HEADER) String key, @PathParam("id") UUID id, String body) {
        return guarded(key, () -> {
            ConsoleCalls.End e = ConsoleJson.end(body);
            sessions.end(id, e.bytesIn(), e.bytesOut(), e.reason());
            return Response.noContent().build();
        });
    }

    @POST
    @Path(InternalApi.POLL)
    public Response poll(@HeaderParam(ProxyKey.HEADER) String key, String body) {
        return guarded(key, () -> {
            ConsoleCalls.Poll p = ConsoleJson.poll(body);
            Map<UUID, String> close = sessions.poll(p.live(), p.active());
            return json(ConsoleJson.toJson(new ConsoleCalls.Close(close)));
        });
    }

    /**
     * Runs the call when the key is right. A refusal of the contract (no key set,
     * a wrong one, a request without its fields) is answered here with its code and
     * HTTP status; the broker's exceptions pass to the exception mapper.
     */
    private Response guarded(String key, Call call) {
        try {
            proxyKey.require(key);
            return call.run();
        } catch (ConsoleRefusedException e) {
            return BrokerExceptionMapper.error(e.refusal().httpStatus(), e.refusal().code(), e.getMessage());
        }
    }

    private static Response json(String body) {
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
    }
}
