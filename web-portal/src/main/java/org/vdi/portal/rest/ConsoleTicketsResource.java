package org.vdi.portal.rest;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.vdi.broker.application.ConsoleTicketService;
import org.vdi.broker.application.IssuedTicket;
import org.vdi.portal.rest.ConsoleDtos.TicketDto;
import org.vdi.portal.security.CurrentCaller;

/** A console ticket for the caller's own desktop. */
@Path("/desktops/{id}/console-tickets")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ConsoleTicketsResource {

    @EJB
    ConsoleTicketService tickets;

    @Inject
    CurrentCaller current;

    @Inject
    ConsoleUrls urls;

    @Inject
    HttpServletRequest request;

    @POST
    @RolesAllowed({"vdi-user", "vdi-admin"})
    public Response issue(@PathParam("id") UUID id) {
        String tunnelUrl = urls.tunnelUrl(request.getScheme(), request.getHeader("Host"));
        // bound to the Keycloak session (sid) of the bearer token or page session; "bearer" without one
        IssuedTicket t = tickets.issue(id, current.caller(), current.loginSession().orElse(null));
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        return Response.status(Response.Status.CREATED).cacheControl(noStore)
                .entity(new TicketDto(t.ticket(), tunnelUrl, t.expiresAt())).build();
    }
}
