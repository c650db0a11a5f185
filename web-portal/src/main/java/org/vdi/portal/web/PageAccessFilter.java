package org.vdi.portal.web;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.vdi.broker.application.Caller;
import org.vdi.portal.web.PagePolicy.Access;

/**
 * Enforces {@link PagePolicy} after the authentication mechanism has run: an
 * anonymous browser asking for a page that needs sign-in goes to
 * {@code /auth/login?next=<this page>}; a signed-in user without the page's role
 * gets 403. The REST API is not a page: it answers 401/403 itself.
 */
@WebFilter(filterName = "PageAccessFilter", urlPatterns = "/*")
public class PageAccessFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        // NOTE: filters of one application run in no set order; this one may answer
        // without calling the chain, so it sets the headers itself.
        SecurityHeaders.apply(request, response);
        Access access = PagePolicy.of(path(request));
        if (access == Access.PUBLIC) {
            chain.doFilter(request, response);
            return;
        }
        if (request.getUserPrincipal() == null) {
            if ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod())) {
                response.setHeader("Cache-Control", "no-store");
                response.sendRedirect(request.getContextPath() + "/auth/login?next="
                        + URLEncoder.encode(requested(request), StandardCharsets.UTF_8));
            } else {
                HtmlPage.send(response, HttpServletResponse.SC_UNAUTHORIZED, "Please sign in",
                        "This page needs you to be signed in.",
                        new HtmlPage.Link("/auth/login", "Sign in", true));
            }
            return;
        }
        boolean allowed = access == Access.ADMIN
                ? request.isUserInRole(Caller.ADMIN_ROLE)
                : request.isUserInRole(Caller.USER_ROLE) || request.isUserInRole(Caller.ADMIN_ROLE);
        if (!allowed) {
            HtmlPage.send(response, HttpServletResponse.SC_FORBIDDEN, "No access",
                    access == Access.ADMIN
                            ? "The admin pages are for administrators. Your account does not have the vdi-admin role."
                            : "Your account may not use desktops here. Ask an administrator for the vdi-user role.",
                    new HtmlPage.Link("/", "Back to My desktops", true));
            return;
        }
        chain.doFilter(request, response);
    }

    /** The decoded, normalised path, as the container mapped it. */
    static String path(HttpServletRequest request) {
        String servletPath = request.getServletPath() == null ? "" : request.getServletPath();
        return servletPath + (request.getPathInfo() == null ? "" : request.getPathInfo());
    }

    /** The page as the browser asked for it (still encoded), to come back to after sign-in. */
    private static String requested(HttpServletRequest request) {
        String uri = request.getRequestURI().substring(request.getContextPath().length());
        String query = request.getQueryString();
        return (uri.isEmpty() ? "/" : uri) + (query == null ? "" : "?" + query);
    }
}
