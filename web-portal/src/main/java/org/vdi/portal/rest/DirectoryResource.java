package org.vdi.portal.rest;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.vdi.portal.directory.Directory;
import org.vdi.portal.directory.DirectoryEntry;

/**
 * Keycloak's groups and realm roles (admin), to pick pool entitlements from.
 * 503 {@code directory_unavailable} when Keycloak cannot be read.
 */
@Path("/directory")
@RequestScoped
@RolesAllowed("vdi-admin")
@Produces(MediaType.APPLICATION_JSON)
public class DirectoryResource {

    @Inject
    Directory directory;

    @GET
    @Path("groups")
    public List<DirectoryEntry> groups() {
        return directory.groups();
    }

    @GET
    @Path("roles")
    public List<DirectoryEntry> roles() {
        return directory.roles();
    }
}
