package org.vdi.portal.logging;

import java.io.IOException;
import java.security.Principal;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Gives every HTTP request an id (see {@link RequestId}), returns it as the
 * response header {@code X-Request-Id}, and puts it, the signed-in user and the
 * desktop the request names into {@link LogContext} for every log line the
 * request writes. Ends with one line for the request: at INFO for a request that
 * changes something or fails on the server, at FINE for reads (the portal polls).
 * Declared first in web.xml, so the other filters' lines carry the id too.
 */
public class RequestIdFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(RequestIdFilter.class.getName());
    /** A desktop named by the path (/api/v1/desktops/{id}/...) or by the console page's query. */
    private static final Pattern DESKTOP = Pattern.compile(
            "/desktops/([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})(?:/|$)");
    private static final Pattern DESKTOP_QUERY = Pattern.compile(
            "(?:^|&)desktop=([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})(?:&|$)");

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String id = RequestId.of(request.getHeader(RequestId.HEADER));
        response.setHeader(RequestId.HEADER, id);
        Principal p = request.getUserPrincipal();
        LogContext.set(new LogContext.Fields(id, p == null ? null : p.getName(), desktopOf(request)));
        long start = System.nanoTime();
        try {
            chain.doFilter(request, response);
        } finally {
            log(request, response, (System.nanoTime() - start) / 1_000_000);
            LogContext.clear();
        }
    }

    private static void log(HttpServletRequest request, HttpServletResponse response, long millis) {
        String method = request.getMethod();
        boolean read = "GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method);
        Level level = !read || response.getStatus() >= 500 ? Level.INFO : Level.FINE;
        if (LOG.isLoggable(level)) {
            LOG.log(level, "{0} {1} {2} in {3} ms",
                    new Object[] {method, request.getRequestURI(), response.getStatus(), millis});
        }
    }

    static String desktopOf(HttpServletRequest request) {
        Matcher m = DESKTOP.matcher(request.getRequestURI());
        if (m.find()) {
            return m.group(1).toLowerCase();
        }
        String q = request.getQueryString();
        if (q != null) {
            Matcher mq = DESKTOP_QUERY.matcher(q);
            if (mq.find()) {
                return mq.group(1).toLowerCase();
            }
        }
        return null;
    }
}
