package org.vdi.portal.security;

import java.util.Optional;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;

import org.vdi.broker.application.Caller;
import org.vdi.broker.domain.shared.BrokerException;
import org.vdi.broker.domain.shared.ErrorCode;

/**
 * Who sent the current request, for REST resources and page servlets to
 * hand to the broker services. The authentication mechanism records the caller
 * on the servlet request, which lives exactly as long as the request and exists
 * before CDI's request scope is sure to be active; this bean only reads it.
 */
@RequestScoped
public class CurrentCaller {

    private static final String ATTRIBUTE = CurrentCaller.class.getName() + ".caller";
    private static final String CSRF_ATTRIBUTE = CurrentCaller.class.getName() + ".csrf";
    private static final String LOGIN_SESSION_ATTRIBUTE = CurrentCaller.class.getName() + ".sid";

    @Inject
    HttpServletRequest request;

    /**
     * The signed-in caller.
     *
     * @throws BrokerException unauthenticated, when no mechanism signed the request in
     */
    public Caller caller() {
        return find().orElseThrow(() -> new BrokerException(ErrorCode.UNAUTHENTICATED, "not signed in"));
    }

    public Optional<Caller> find() {
        return request.getAttribute(ATTRIBUTE) instanceof Caller c ? Optional.of(c) : Optional.empty();
    }

    /**
     * The page session's CSRF token when the request was signed in by the page
     * session (empty for bearer requests, which need none); GET /api/v1/me hands it
     * to the pages.
     */
    public Optional<String> csrfToken() {
        return request.getAttribute(CSRF_ATTRIBUTE) instanceof String s ? Optional.of(s) : Optional.empty();
    }

    /**
     * The Keycloak session (the {@code sid} claim) the caller signed in with, from
     * the bearer token or the page session alike; empty for tokens without one
     * (service accounts). Console tickets are bound to it, and back-channel logout
     * names it ({@link UserSignedOut#sessionId()}).
     */
    public Optional<String> loginSession() {
        return request.getAttribute(LOGIN_SESSION_ATTRIBUTE) instanceof String s ? Optional.of(s) : Optional.empty();
    }

    /** Called by the authentication mechanism once it has established who is calling. */
    static void establish(HttpServletRequest request, Caller caller) {
        request.setAttribute(ATTRIBUTE, caller);
    }

    /** As {@link #establish}, with the Keycloak session the caller signed in with (may be null). */
    static void establish(HttpServletRequest request, Caller caller, String loginSession) {
        request.setAttribute(ATTRIBUTE, caller);
        if (loginSession != null && !loginSession.isBlank()) {
            request.setAttribute(LOGIN_SESSION_ATTRIBUTE, loginSession);
        }
    }

    /** As {@link #establish}, for a request signed in by the page session. */
    static void establishSession(HttpServletRequest request, Caller caller, String loginSession, String csrfToken) {
        establish(request, caller, loginSession);
        request.setAttribute(CSRF_ATTRIBUTE, csrfToken);
    }
}
