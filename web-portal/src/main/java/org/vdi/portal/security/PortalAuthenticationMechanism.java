package org.vdi.portal.security;

import java.util.Optional;

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
 * and gives up), so this one routes: REST API requests by bearer token, or, when
 * they carry no Authorization header, by the page session (with its CSRF check,
 * {@link SessionApiAuthentication}); every other request by
 * {@link PageAuthentication}. Called by the container for every request,
 * protected or not.
 */
@ApplicationScoped
public class PortalAuthenticationMechanism implements HttpAuthenticationMechanism {

    /** Where the REST API lives (see ApiApplication); everything under it takes bearer tokens or the session. */
    static final String API_PREFIX = "/api";

    /**
     * Where console-proxy's internal API lives on the broker's own internal listener
     * (org.vdi.portal.internal.InternalListener). The public listener serves none of it:
     * requests here are let through untouched so they get a plain 404, not a 401 that
     * suggests some credential would open it.
     */
    static final String INTERNAL_PREFIX = "/api/v1/internal";

    /**
     * Payara's MicroProfile Metrics endpoint, which Payara adds to this application (it
     * sits at the root context). Scrapers are no browsers: bearer tokens only, never the
     * page session or a redirect to the sign-in page; web.xml says which roles may read it.
     */
    static final String METRICS_PREFIX = "/metrics";

    @Inject
    BearerAuthentication bearer;

    @Inject
    PageAuthentication pages;

    @Inject
    SessionApiAuthentication sessionApi;

    @Inject
    PageSessions sessions;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context) throws AuthenticationException {
        if (isInternal(request)) {
            return context.doNothing();
        }
        if (isMetrics(request)) {
            return bearer.validateRequest(request, response, context);
        }
        if (!isApi(request)) {
            return pages.validateRequest(request, response, context);
        }
        // An Authorization header always wins, so a bad token is never rescued by a cookie.
        String authorization = request.getHeader("Authorization");
        if (authorization == null || authorization.isBlank()) {
            Optional<SignedInUser> user = sessions.current(request);
            if (user.isPresent()) {
                return sessionApi.validateRequest(request, response, context, user.get());
            }
        }
        return bearer.validateRequest(request, response, context);
    }

    @Override
    public void cleanSubject(HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context) {
        if (isApi(request) || isMetrics(request)) {
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
        String path = path(request);
        return path.equals(API_PREFIX) || path.startsWith(API_PREFIX + "/");
    }

    /** Judged like {@link #isApi}, on the decoded and normalised path. */
    static boolean isMetrics(HttpServletRequest request) {
        String path = path(request);
        return path.equals(METRICS_PREFIX) || path.startsWith(METRICS_PREFIX + "/");
    }

    /** Judged like {@link #isApi}, on the decoded and normalised path. */
    static boolean isInternal(HttpServletRequest request) {
        String path = path(request);
        return path.equals(INTERNAL_PREFIX) || path.startsWith(INTERNAL_PREFIX + "/");
    }

    private static String path(HttpServletRequest request) {
        String servletPath = request.getServletPath() == null ? "" : request.getServletPath();
        return servletPath + (request.getPathInfo() == null ? "" : request.getPathInfo());
    }
}
