package org.vdi.portal.web;

import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.vdi.portal.security.PortalSignIn;
import org.vdi.portal.security.SigningKeysUnavailableException;
import org.vdi.portal.security.TokenRejectedException;

/**
 * {@code POST /auth/backchannel-logout} with the form field {@code logout_token}
 * (OpenID Connect Back-Channel Logout 1.0): Keycloak, server to server, says a
 * session ended. No cookie and no CSRF token: the signed logout token is the
 * proof. Answers 200 when done, 400 for a token that does not verify.
 */
@WebServlet(name = "BackchannelLogoutServlet", urlPatterns = "/auth/backchannel-logout")
public class BackchannelLogoutServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(BackchannelLogoutServlet.class.getName());

    @Inject
    PortalSignIn signIn;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        String token = request.getParameter("logout_token");
        if (token == null || token.isBlank()) {
            error(response, 400, "invalid_request", "the form field logout_token is missing");
            return;
        }
        try {
            signIn.backchannelLogout(token);
            response.setStatus(HttpServletResponse.SC_OK);
        } catch (TokenRejectedException e) {
            LOG.log(Level.WARNING, "Back-channel logout refused ({0}): {1}",
                    new Object[] {e.reason(), e.getMessage()});
            error(response, 400, "invalid_request", "the logout token is not valid");
        } catch (SigningKeysUnavailableException e) {
            error(response, 503, "temporarily_unavailable", "the realm's keys cannot be fetched; try again later");
        }
    }

    private static void error(HttpServletResponse response, int status, String error, String description)
            throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(Json.createObjectBuilder().add("error", error)
                .add("error_description", description).build().toString());
    }
}
