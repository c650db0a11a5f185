package org.vdi.portal.security;

import jakarta.security.enterprise.AuthenticationException;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * How requests outside the REST API (the pages) are signed in: the seam where the
 * OpenID Connect code flow goes. Deliberately not an HttpAuthenticationMechanism:
 * the application must have exactly one of those ({@link PortalAuthenticationMechanism}),
 * or Payara refuses it as ambiguous. An implementation that signs someone in
 * records them with {@code CurrentCaller.establish} as the bearer path does.
 */
public interface PageAuthentication {

    AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context) throws AuthenticationException;

    default void cleanSubject(HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context) {
        context.cleanClientSubject();
    }
}
