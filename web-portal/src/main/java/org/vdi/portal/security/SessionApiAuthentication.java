package org.vdi.portal.security;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * REST API requests from the portal's own pages, signed in by the page session
 * cookie instead of a bearer token. A cookie rides along on requests that other
 * sites make the browser send, so every state-changing request must also carry
 * the session's CSRF token in the header {@value #CSRF_HEADER}: another site can
 * make the browser send the cookie, but cannot read the token (GET /api/v1/me
 * hands it out, and the same-origin policy keeps other sites from reading it).
 * Bearer requests need no such token: no browser adds a bearer token by itself.
 */
@ApplicationScoped
public class SessionApiAuthentication {

    public static final String CSRF_HEADER = "X-CSRF-Token";
    static final String CSRF_CODE = "csrf";
    /** Methods that change nothing (RFC 9110, 9.2.1), so need no token. */
    static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context, SignedInUser user) {
        if (!SAFE_METHODS.contains(request.getMethod()) && !csrfTokenMatches(request, user)) {
            ApiErrorResponse.send(response, HttpServletResponse.SC_FORBIDDEN, CSRF_CODE,
                    "missing or wrong " + CSRF_HEADER + " header: requests signed in by the portal session must"
                            + " send the session's CSRF token (csrfToken of GET /api/v1/me)");
            return AuthenticationStatus.SEND_FAILURE;
        }
        return SessionPageAuthentication.establish(request, context, user);
    }

    static boolean csrfTokenMatches(HttpServletRequest request, SignedInUser user) {
        return SecureTokens.equal(user.csrfToken(), request.getHeader(CSRF_HEADER));
    }
}
