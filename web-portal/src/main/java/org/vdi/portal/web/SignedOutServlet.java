package org.vdi.portal.web;

import java.io.IOException;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.vdi.portal.security.PageSessions;

/** {@code GET /auth/signed-out}: where Keycloak returns the browser after sign-out. */
@WebServlet(name = "SignedOutServlet", urlPatterns = "/auth/signed-out")
public class SignedOutServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    PageSessions sessions;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (sessions.current(request).isPresent()) {
            response.sendRedirect(request.getContextPath() + "/");
            return;
        }
        HtmlPage.send(response, HttpServletResponse.SC_OK, "You have signed out",
                "Your session has ended. Desktops you hold stay yours until you release them.",
                new HtmlPage.Link("/auth/login", "Sign in again", true));
    }
}
