package org.vdi.portal.web;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.vdi.portal.security.SafeRedirect;
import org.vdi.portal.security.SignInException;

/**
 * {@code GET /auth/login?next=<path>}: sends the browser to the realm's sign-in
 * page (or straight on to {@code next} when it is signed in already).
 */
@WebServlet(name = "LoginServlet", urlPatterns = "/auth/login")
public class LoginServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(LoginServlet.class.getName());

    @Inject
    SignInResponses answers;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answers.noStore(response);
        String next = SafeRedirect.relative(request.getParameter("next"));
        if (answers.sentOnIfSignedIn(request, response, next)) {
            return;
        }
        try {
            answers.sendOnWithSession(response, answers.signIn().begin(request, next).toString());
        } catch (SignInException e) {
            LOG.log(Level.WARNING, "Cannot start a sign-in: {0}", e.getMessage());
            answers.failed(response, e, "Sign-in is unavailable",
                    "Signing in is not possible right now: " + e.getMessage() + ". Please try again later.",
                    new HtmlPage.Link("/auth/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8),
                            "Try again", true));
        }
    }
}
