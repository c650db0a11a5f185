package org.vdi.portal.rest;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.vdi.broker.application.AssignmentService;
import org.vdi.broker.application.DesktopService;
import org.vdi.broker.domain.model.desktop.DesktopState;
import org.vdi.broker.domain.shared.BrokerException;
import org.vdi.portal.rest.Dtos.DesktopDto;
import org.vdi.portal.security.CurrentCaller;

/** Desktops (admin), and a user's reset of their own. */
@Path("/desktops")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class DesktopsResource {

    @EJB
    DesktopService desktops;

    @EJB
    AssignmentService assignments;

    @Inject
    CurrentCaller current;

    @GET
    @RolesAllowed("vdi-admin")
    public List<DesktopDto> search(@QueryParam("pool") UUID pool, @QueryParam("state") String state,
            @QueryParam("user") String user, @QueryParam("max") @DefaultValue("500") int max) {
        DesktopState s = state == null ? null : ApiEnums.in(DesktopState.class, "state", state, null);
        return DesktopDto.of(desktops.search(pool, s, user, max), desktops);
    }

    @GET
    @Path("{id}")
    @RolesAllowed("vdi-admin")
    public DesktopDto get(@PathParam("id") UUID id) {
        return DesktopDto.of(List.of(desktops.get(id)), desktops).get(0);
    }

    @POST
    @Path("{id}/actions/{action}")
    @RolesAllowed("vdi-admin")
    public Response act(@PathParam("id") UUID id, @PathParam("action") String action) {
        DesktopService.Action a;
        try {
            a = DesktopService.Action.valueOf(action.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw BrokerException.invalid("action must be start, stop, refresh, delete or release");
        }
        desktops.act(id, a, current.caller());
        return Response.accepted().build();
    }

    /** The caller resets (power-cycles) their own desktop. */
    @POST
    @Path("{id}/reset")
    @RolesAllowed({"vdi-user", "vdi-admin"})
    public Response reset(@PathParam("id") UUID id) {
        assignments.reset(id, current.caller());
        return Response.accepted().build();
    }
}
