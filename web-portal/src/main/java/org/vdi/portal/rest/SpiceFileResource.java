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

import org.vdi.broker.application.SpiceAccess;
import org.vdi.broker.application.SpiceFileService;
import org.vdi.portal.security.CurrentCaller;

/**
 * A .vv file that opens the caller's own desktop in remote-viewer over SPICE,
 * with a fresh password that stops opening new connections after a short while
 * ({@code POST}: each file changes the desktop's password).
 * Errors are the API's JSON errors.
 */
@Path("/desktops/{id}/spice.vv")
@RequestScoped
public class SpiceFileResource {

    @EJB
    SpiceFileService spice;

    @Inject
    CurrentCaller current;

    @Inject
    HttpServletRequest request;

    @POST
    @Produces({VirtViewerFile.MEDIA_TYPE, MediaType.APPLICATION_OCTET_STREAM, MediaType.APPLICATION_JSON,
            MediaType.WILDCARD})
    @RolesAllowed({"vdi-user", "vdi-admin"})
    public Response download(@PathParam("id") UUID id) {
        // a POST, as it sets a new SPICE password: a page signed in by its session sends the
        // CSRF token like every other change; a link or a form of another site cannot
        SpiceAccess access = spice.open(id, current.caller(), request.getHeader("Host"));
        return NoStore.on(Response.ok(VirtViewerFile.bytes(access), VirtViewerFile.MEDIA_TYPE))
                .header("Content-Disposition", "attachment; filename=\"" + VirtViewerFile.fileName(access) + "\"")
                .build();
    }
}
