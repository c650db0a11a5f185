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
import org.vdi.broker.application.SpiceTicket;
import org.vdi.portal.rest.ConsoleDtos.SpiceTicketDto;
import org.vdi.portal.security.CurrentCaller;

/**
 * A ticket for SPICE in the browser (spice.html with spice-html5) on the
 * caller's own desktop: the ticket opens one SPICE session through
 * console-proxy's bridge, and the one-time SPICE password, valid for about a
 * minute, lets spice-html5 authenticate each of its channels.
 */
@Path("/desktops/{id}/spice-tickets")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class SpiceTicketsResource {

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
        String bridgeUrl = urls.spiceBridgeUrl(request.getScheme(), request.getHeader("Host"));
        SpiceTicket t = tickets.issueSpice(id, current.caller(), current.loginSession().orElse(null));
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        noStore.setPrivate(true);
        return Response.status(Response.Status.CREATED).cacheControl(noStore)
                .entity(new SpiceTicketDto(t.ticket().ticket(), bridgeUrl, t.ticket().expiresAt(), t.password(),
                        t.passwordValidUntil())).build();
    }
}
