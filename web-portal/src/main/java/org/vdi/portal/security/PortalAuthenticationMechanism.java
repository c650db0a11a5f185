package org.vdi.portal.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationException;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The web portal's only authentication mechanism. MicroProfile JWT and the
 * OpenID Connect mechanism cannot live in one WAR (Payara finds two mechanisms
 * and gives up), so this one routes: REST API requests by bearer token, every
 * other request by {@link PageAuthentication}. Called by the container for every
 * request, protected or not.
 */
@ApplicationScoped
public class PortalAuthenticationMechanism implements HttpAuthenticationMechanism {

    /** Where the REST API lives (see ApiApplication); everything under it takes bearer tokens only. */
    static final String API_PREFIX = "/api";

    @Inject
    BearerAuthentication bearer;

    @Inject
    PageAuthentication pages;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context) throws AuthenticationException {
        return isApi(request)
                ? bearer.validateRequest(request, response, context)
                : pages.validateRequest(request, response, context);
    }

    @Override
    public void cleanSubject(HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context) {
        if (isApi(request)) {
            HttpAuthenticationMechanism.super.cleanSubject(request, response, context);
        } else {
            pages.cleanSubject(request, response, context);
        }
    }

    /**
     * Judged on the servlet path the container decoded and normalised, not on the
     * raw URI, so "/./api/" or "/%61pi/" cannot slip past as a page request.
     */
    static boolean isApi(HttpServletRequest request) {
        String servletPath = request.getServletPath() == null ? "" : request.getServletPath();
        String path = servletPath + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return path.equals(API_PREFIX) || path.startsWith(API_PREFIX + "/");
    }
}
