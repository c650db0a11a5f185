package org.vdi.portal.rest;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.vdi.broker.application.Caller;
import org.vdi.portal.security.CurrentCaller;

/** Who the portal thinks the caller is: the quickest check of a token and its roles. */
@Path("/me")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {

    /** The caller as the API shows it; lists sorted so answers compare plainly. */
    public record MeDto(String name, List<String> roles, List<String> groups, boolean admin) {

        static MeDto of(Caller c) {
            return new MeDto(c.name(), c.roles().stream().sorted().toList(), c.groups().stream().sorted().toList(),
                    c.admin());
        }
    }

    @Inject
    CurrentCaller current;

    @GET
    @RolesAllowed({Caller.USER_ROLE, Caller.ADMIN_ROLE})
    public MeDto me() {
        return MeDto.of(current.caller());
    }
}
