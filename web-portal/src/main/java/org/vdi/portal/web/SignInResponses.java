package org.vdi.portal.web;

import java.io.IOException;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.vdi.portal.security.PageSessions;
import org.vdi.portal.security.PortalSignIn;
import org.vdi.portal.security.SignInException;

/**
 * What the two browser legs of the sign-in (start at {@code /auth/login},
 * return at {@code /auth/callback}) answer alike, so they cannot drift apart:
 * nothing they answer is cached, a browser signed in already goes straight on,
 * a new or renewed page session leaves with its SameSite attribute, and a
 * failure is a page with one way to try again.
 */
// NOTE: dependent, so each servlet holds its own plain instance (no client proxy); it keeps no state
// of its own beyond the two application-scoped beans it hands on.
@Dependent
public class SignInResponses {

    @Inject
    PortalSignIn signIn;

    @Inject
    PageSessions sessions;

    /** The sign-in itself, for the step only the servlet knows. */
    PortalSignIn signIn() {
        return signIn;
    }

    /** Every answer of the sign-in carries a one-time state, code or session, so none may be kept. */
    void noStore(HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
    }

    /**
     * Sends a browser that is signed in already on to {@code next} (a path in
     * the portal) and says so; a second sign-in would only replace its session.
     */
    boolean sentOnIfSignedIn(HttpServletRequest request, HttpServletResponse response, String next)
            throws IOException {
        if (sessions.current(request).isEmpty()) {
            return false;
        }
        response.sendRedirect(request.getContextPath() + next);
        return true;
    }

    /** Sends the browser on once the page session was created or renewed (see {@link SessionCookie}). */
    void sendOnWithSession(HttpServletResponse response, String location) throws IOException {
        SessionCookie.sameSiteLax(response);
        response.sendRedirect(location);
    }

    /** The page that says a sign-in step failed, with the status its kind maps to and the way to try again. */
    void failed(HttpServletResponse response, SignInException e, String title, String message,
            HtmlPage.Link tryAgain) throws IOException {
        HtmlPage.send(response, e.kind().status(), title, message, tryAgain);
    }
}
