package org.vdi.portal.web;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The headers every response of the portal carries. The content security policy
 * lets pages load only the portal's own scripts, styles and images (no inline
 * script or style, nothing from elsewhere), talk only to the portal and its own
 * console WebSockets (and the console origin {@code vdi.console.public-url}
 * names, when consoles live elsewhere), send forms only to the portal and to
 * Keycloak (sign-out goes on to Keycloak's end-session page), and never be
 * framed. Over HTTPS, HSTS tells browsers to come back only that way.
 */
public final class SecurityHeaders {

    /** host, host:port, or [IPv6]:port, as ConsoleUrls accepts a Host header. */
    private static final Pattern HOST = Pattern.compile("^([A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}\\])(:\\d{1,5})?$");
    static final String HSTS = "max-age=31536000";

    private SecurityHeaders() {
    }

    /** The headers for a response with no request at hand: the portal's own origin only. */
    public static void apply(HttpServletResponse response) {
        set(response, policy(Set.of(), Set.of()), false);
    }

    public static void apply(HttpServletRequest request, HttpServletResponse response) {
        Set<String> sockets = new LinkedHashSet<>();
        String host = request.getHeader("Host");
        if (host != null && HOST.matcher(host.strip()).matches()) {
            sockets.add((request.isSecure() ? "wss://" : "ws://") + host.strip());
        }
        setting("vdi.console.public-url").flatMap(SecurityHeaders::webSocketOrigin).ifPresent(sockets::add);
        Set<String> forms = new LinkedHashSet<>();
        setting("vdi.oidc.issuer").flatMap(SecurityHeaders::origin).ifPresent(forms::add);
        set(response, policy(sockets, forms), request.isSecure());
    }

    static String policy(Set<String> webSockets, Set<String> formTargets) {
        return String.join("; ",
                "default-src 'self'",
                "script-src 'self'",
                "style-src 'self'",
                "img-src 'self' data: blob:",
                join("connect-src 'self'", webSockets),
                join("form-action 'self'", formTargets),
                "frame-ancestors 'none'",
                "object-src 'none'",
                "base-uri 'none'");
    }

    private static void set(HttpServletResponse response, String policy, boolean secure) {
        response.setHeader("Content-Security-Policy", policy);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "same-origin");
        // for browsers that predate frame-ancestors
        response.setHeader("X-Frame-Options", "DENY");
        if (secure) {
            response.setHeader("Strict-Transport-Security", HSTS);
        }
    }

    private static String join(String directive, Set<String> sources) {
        return sources.isEmpty() ? directive : directive + " " + String.join(" ", sources);
    }

    /** scheme://authority of an http(s) or ws(s) URL; empty for anything else. */
    static Optional<String> origin(String url) {
        try {
            URI u = URI.create(url.strip());
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (u.getRawAuthority() == null || !Set.of("http", "https", "ws", "wss").contains(scheme)
                    || !HOST.matcher(u.getRawAuthority()).matches()) {
                return Optional.empty();
            }
            return Optional.of(scheme + "://" + u.getRawAuthority());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The WebSocket origin of a console base URL (https://x -> wss://x). */
    static Optional<String> webSocketOrigin(String url) {
        return origin(url).map(o -> o.replaceFirst("^https://", "wss://").replaceFirst("^http://", "ws://"));
    }

    private static Optional<String> setting(String name) {
        try {
            return ConfigProvider.getConfig().getOptionalValue(name, String.class).filter(s -> !s.isBlank());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
