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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.vdi.broker.application.ConsoleTicketService;
import org.vdi.portal.rest.ConsoleDtos.TicketBody;
import org.vdi.portal.security.CurrentCaller;

/**
 * A console ticket for the caller's own desktop, of the kind its path names:
 * {@code console-tickets} for the browser console, {@code spice-tickets} for
 * SPICE in the browser. One resource, so both kinds are checked, bound and
 * kept out of caches alike.
 */
@Path("/desktops/{id}/{kind: " + TicketsResource.CONSOLE + "|" + TicketsResource.SPICE + "}")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class TicketsResource {

    static final String CONSOLE = "console-tickets";
    static final String SPICE = "spice-tickets";

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
    public Response issue(@PathParam("id") UUID id, @PathParam("kind") String kindSegment) {
        TicketKind kind = TicketKind.ofPath(kindSegment);
        String url = urls.endpointUrl(kind.endpoint(), request.getScheme(), request.getHeader("Host"));
        // bound to the Keycloak session (sid) of the bearer token or page session; "bearer" without one
        TicketBody body = kind.issue(tickets, id, current.caller(), current.loginSession().orElse(null), url);
        return NoStore.on(Response.status(Response.Status.CREATED).entity(body)).build();
    }
}
