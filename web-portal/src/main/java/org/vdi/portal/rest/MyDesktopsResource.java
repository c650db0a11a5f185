package org.vdi.portal.rest;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.vdi.broker.application.AssignmentService;
import org.vdi.portal.rest.Dtos.AssignmentDto;
import org.vdi.portal.security.CurrentCaller;

/** The caller's own desktops. */
@Path("/me/desktops")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class MyDesktopsResource {

    @EJB
    AssignmentService assignments;

    @Inject
    CurrentCaller current;

    @GET
    @RolesAllowed({"vdi-user", "vdi-admin"})
    public List<AssignmentDto> mine() {
        return assignments.held(current.caller()).stream().map(AssignmentDto::of).toList();
    }
}
