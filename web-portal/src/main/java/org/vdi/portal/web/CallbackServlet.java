package org.vdi.portal.web;

import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.vdi.portal.security.SignInException;
import org.vdi.portal.security.SignInException.Kind;

/**
 * {@code GET /auth/callback?code&state} (or {@code ?error&state}): where the realm
 * sends the browser back after sign-in. Finishes the sign-in and continues to the
 * page the user first asked for; anything that does not check out ends on a page
 * that says so, with a way to try again.
 */
@WebServlet(name = "CallbackServlet", urlPatterns = "/auth/callback")
public class CallbackServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(CallbackServlet.class.getName());

    @Inject
    SignInResponses answers;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answers.noStore(response);
        String error = request.getParameter("error");
        try {
            if (error != null) {
                // e.g. access_denied when the user cancels; the description is the sender's text, so only logged
                LOG.log(Level.FINE, "Sign-in ended with error {0}: {1}",
                        new Object[] {error, request.getParameter("error_description")});
                throw new SignInException(Kind.DENIED, "the sign-in was cancelled or refused");
            }
            String next = answers.signIn().complete(request, request.getParameter("state"),
                    request.getParameter("code"));
            answers.sendOnWithSession(response, request.getContextPath() + next);
        } catch (SignInException e) {
            // a second callback (back button, double submit) of a browser already signed in
            if (e.kind() == Kind.STALE && answers.sentOnIfSignedIn(request, response, "/")) {
                return;
            }
            if (e.getCause() != null) {
                LOG.log(e.kind() == Kind.STALE ? Level.FINE : Level.WARNING, "Sign-in failed: " + e.getMessage(),
                        e.getCause());
            }
            answers.failed(response, e, "Sign-in did not complete", capitalized(e.getMessage())
                    + ". Please sign in again.", new HtmlPage.Link("/auth/login", "Sign in again", true));
        }
    }

    private static String capitalized(String s) {
        return s == null || s.isEmpty() ? "Something went wrong" : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
