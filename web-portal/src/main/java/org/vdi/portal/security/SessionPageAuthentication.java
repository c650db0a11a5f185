package org.vdi.portal.security;

import java.util.HashSet;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Pages are signed in from the page session that {@link PortalSignIn} set up;
 * without one a request passes through anonymous, and the page access filter
 * decides whether the page needs sign-in (redirect) or a role (403).
 */
@ApplicationScoped
public class SessionPageAuthentication implements PageAuthentication {

    @Inject
    PageSessions sessions;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context) {
        Optional<SignedInUser> user = sessions.current(request);
        if (user.isEmpty()) {
            return context.doNothing();
        }
        return establish(request, context, user.get());
    }

    /** Records the session's user for the container (roles) and for {@link CurrentCaller}. */
    static AuthenticationStatus establish(HttpServletRequest request, HttpMessageContext context, SignedInUser u) {
        CurrentCaller.establishSession(request, u.caller(), u.sessionId(), u.csrfToken());
        return context.notifyContainerAboutLogin(u.name(), new HashSet<>(u.roles()));
    }
}
