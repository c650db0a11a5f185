package org.vdi.portal.web;

import java.io.IOException;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpSession;

/**
 * Keeps the console WebSockets ({@code /console/tunnel}, {@code /console/spice})
 * apart from the portal's page session. The browser sends the portal's session
 * cookie with the upgrade, and a WebSocket container ties a socket opened with
 * an HTTP session to it: when the page session ends (it times out while the
 * user works in the console, or a sign-out ends it) the container closes the
 * console with 1008 and no word of why. A console stands on its ticket alone,
 * so the upgrade sees no session; sign-outs close consoles through the broker,
 * with their message ({@code ConsoleSignOut}).
 *
 * <p>Declared in web.xml, so it runs before the WebSocket container's own filter.
 */
public class ConsoleUpgradeFilter implements Filter {

    static final String CONSOLE_PREFIX = "/console/";

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request instanceof HttpServletRequest http && isConsole(http)) {
            chain.doFilter(new WithoutSession(http), response);
        } else {
            chain.doFilter(request, response);
        }
    }

    static boolean isConsole(HttpServletRequest request) {
        String path = (request.getServletPath() == null ? "" : request.getServletPath())
                + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return path.startsWith(CONSOLE_PREFIX);
    }

    /** The request as if it came without a session cookie. */
    private static final class WithoutSession extends HttpServletRequestWrapper {

        WithoutSession(HttpServletRequest request) {
            super(request);
        }

        @Override
        public HttpSession getSession(boolean create) {
            return null;
        }

        @Override
        public HttpSession getSession() {
            return null;
        }

        @Override
        public boolean isRequestedSessionIdValid() {
            return false;
        }
    }
}
