package org.vdi.portal.rest;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.vdi.broker.application.ConsoleSessionService;
import org.vdi.broker.application.ConsoleSessionServiceBean;
import org.vdi.console.tunnel.SessionRegistry;
import org.vdi.portal.rest.ConsoleDtos.SessionDto;
import org.vdi.portal.security.CurrentCaller;

/** Console sessions (admin): who has which desktop's console open, and ending one. */
@Path("/sessions")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class SessionsResource {

    @EJB
    ConsoleSessionService sessions;

    @Inject
    SessionRegistry consoles;

    @Inject
    CurrentCaller current;

    /** Live sessions, newest first; {@code ?all=true} adds ended ones. */
    @GET
    @RolesAllowed("vdi-admin")
    public List<SessionDto> list(@QueryParam("all") @DefaultValue("false") boolean all,
            @QueryParam("max") @DefaultValue("500") int max) {
        return sessions.list(all, max).stream().map(SessionDto::of).toList();
    }

    /**
     * Terminates a live session: 202, as console-proxy closes the connection
     * within seconds (the session shows ended then).
     */
    @DELETE
    @Path("{id}")
    @RolesAllowed("vdi-admin")
    public Response terminate(@PathParam("id") UUID id) {
        SessionDto ended = SessionDto.of(sessions.terminate(id, current.caller()));
        // this node's console closes at once, saying why, before its displays are locked
        // (QEMU drops SPICE clients then, wordlessly); other nodes' close at their next poll
        consoles.closeNow(Map.of(id, ConsoleSessionServiceBean.TERMINATED));
        sessions.lockDisplays(List.of(id), null, current.caller().name(), "console terminated");
        return Response.accepted(ended).build();
    }
}
