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

/**
 * Who the portal thinks the caller is: the quickest check of a token and its
 * roles. For the portal's pages (signed in by the page session) it also hands
 * out the session's CSRF token, which their state-changing API requests must send
 * in the header X-CSRF-Token; bearer callers get none and need none.
 */
@Path("/me")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {

    /** The caller as the API shows it; lists sorted so answers compare plainly; csrfToken null (left out) for bearer callers. */
    public record MeDto(String name, List<String> roles, List<String> groups, boolean admin, String csrfToken) {

        static MeDto of(Caller c, String csrfToken) {
            return new MeDto(c.name(), c.roles().stream().sorted().toList(), c.groups().stream().sorted().toList(),
                    c.admin(), csrfToken);
        }
    }

    @Inject
    CurrentCaller current;

    @GET
    @RolesAllowed({Caller.USER_ROLE, Caller.ADMIN_ROLE})
    public MeDto me() {
        return MeDto.of(current.caller(), current.csrfToken().orElse(null));
    }
}
