package org.vdi.portal.web;

import java.io.IOException;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.vdi.portal.security.PageSessions;
import org.vdi.portal.security.PortalSignIn;
import org.vdi.portal.security.SecureTokens;
import org.vdi.portal.security.SessionApiAuthentication;
import org.vdi.portal.security.SignedInUser;

/**
 * {@code POST /auth/logout} with the session's CSRF token (form field
 * {@code csrf} or header X-CSRF-Token): ends the page session and sends the
 * browser to Keycloak's end-session endpoint (RP-initiated logout), which ends the
 * single sign-on session and returns to {@code /auth/signed-out}. A POST with a
 * token, so no other site can sign the user out.
 */
@WebServlet(name = "LogoutServlet", urlPatterns = "/auth/logout")
public class LogoutServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    static final String CSRF_FIELD = "csrf";

    @Inject
    PortalSignIn signIn;

    @Inject
    PageSessions sessions;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        Optional<SignedInUser> user = sessions.current(request);
        if (user.isEmpty()) {
            response.sendRedirect(request.getContextPath() + "/auth/signed-out");
            return;
        }
        String token = request.getParameter(CSRF_FIELD);
        if (token == null) {
            token = request.getHeader(SessionApiAuthentication.CSRF_HEADER);
        }
        if (!SecureTokens.equal(user.get().csrfToken(), token)) {
            HtmlPage.send(response, HttpServletResponse.SC_FORBIDDEN, "Sign-out not confirmed",
                    "The sign-out request did not come from the portal's own page. Use the Sign out button.",
                    new HtmlPage.Link("/", "Back to My desktops", true));
            return;
        }
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", signIn.signOut(request).toString());
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Allow", "POST");
        HtmlPage.send(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "Sign out",
                "To sign out, use the Sign out button at the top of the portal.",
                new HtmlPage.Link("/", "Back to My desktops", true));
    }
}
