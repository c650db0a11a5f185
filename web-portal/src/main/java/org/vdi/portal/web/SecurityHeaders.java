package org.vdi.portal.web;

import jakarta.servlet.http.HttpServletResponse;

/**
 * The headers every response of the portal carries. The content security policy
 * lets pages load only the portal's own scripts, styles and images (no inline
 * script or style, nothing from elsewhere), talk only to the portal (and its
 * console WebSockets), and never be framed.
 */
public final class SecurityHeaders {

    public static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data: blob:",
            "connect-src 'self' ws: wss:",
            "frame-ancestors 'none'",
            "object-src 'none'",
            "base-uri 'none'");

    private SecurityHeaders() {
    }

    public static void apply(HttpServletResponse response) {
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "same-origin");
        // for browsers that predate frame-ancestors
        response.setHeader("X-Frame-Options", "DENY");
    }
}
