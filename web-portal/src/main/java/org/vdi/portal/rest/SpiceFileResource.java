package org.vdi.portal.rest;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
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
 * with a fresh password that stops opening new connections after a short while.
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

    @GET
    @Produces({VirtViewerFile.MEDIA_TYPE, MediaType.APPLICATION_OCTET_STREAM, MediaType.APPLICATION_JSON,
            MediaType.WILDCARD})
    @RolesAllowed({"vdi-user", "vdi-admin"})
    public Response download(@PathParam("id") UUID id) {
        // NOTE: a GET that sets a new SPICE password: the portal links to it, so it cannot
        // carry the CSRF header. Browsers say where a request comes from (Fetch Metadata);
        // one started by another site is refused before anything changes. Scripts with a
        // bearer token send no such header and pass.
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null && !"same-origin".equals(site) && !"none".equals(site)) {
            throw new org.vdi.broker.domain.shared.BrokerException(
                    org.vdi.broker.domain.shared.ErrorCode.FORBIDDEN,
                    "the .vv file is only handed out to the portal's own pages (Sec-Fetch-Site: " + site + ")");
        }
        SpiceAccess access = spice.open(id, current.caller(), request.getHeader("Host"));
        return NoStore.on(Response.ok(VirtViewerFile.bytes(access), VirtViewerFile.MEDIA_TYPE))
                .header("Content-Disposition", "attachment; filename=\"" + VirtViewerFile.fileName(access) + "\"")
                .build();
    }
}
