package org.vdi.portal.rest;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.vdi.broker.application.AssignmentService;
import org.vdi.portal.security.CurrentCaller;

/** Releasing an assignment: its user, or an admin. */
@Path("/assignments")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AssignmentsResource {

    @EJB
    AssignmentService assignments;

    @Inject
    CurrentCaller current;

    @DELETE
    @Path("{id}")
    @RolesAllowed({"vdi-user", "vdi-admin"})
    public Response release(@PathParam("id") UUID id) {
        assignments.release(id, current.caller(), "released by " + current.caller().name());
        return Response.noContent().build();
    }
}
