package org.vdi.console.tunnel;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * Which web pages may open consoles. Browsers send the page's origin with
 * every WebSocket handshake and never let a page forge it, so this stops
 * another site from opening a console in a signed-in user's browser
 * (cross-site WebSocket hijacking). Allowed: the configured origins, or, when
 * none are configured, pages from the same host and port the WebSocket
 * request was sent to (its Host header). A missing Origin is refused: every
 * browser sends one.
 */
final class OriginPolicy {

    private final List<Endpoint> allowed;

    /** @param allowedOrigins origins as {@code scheme://host[:port]}; empty: same host as the request */
    OriginPolicy(List<String> allowedOrigins) {
        this.allowed = allowedOrigins.stream().map(OriginPolicy::parseOrigin).filter(e -> e != null).toList();
        if (this.allowed.size() != allowedOrigins.size()) {
            throw new IllegalArgumentException("vdi.console.allowed-origins must list origins such as "
                    + "https://vdi.example.com or http://localhost:8080; got " + allowedOrigins);
        }
    }

    boolean allows(String origin, String hostHeader) {
        Endpoint o = parseOrigin(origin);
        if (o == null) {
            return false;
        }
        if (!allowed.isEmpty()) {
            return allowed.contains(o);
        }
        Endpoint host = parseHost(hostHeader);
        if (host == null || !host.host().equals(o.host())) {
            return false;
        }
        // a Host without port went to the default port of ws or wss: the page must be on 80 or 443 too
        return host.port() < 0 ? o.port() == 80 || o.port() == 443 : host.port() == o.port();
    }

    /** Host (lower case, IPv6 in brackets) and effective port of an origin. */
    private record Endpoint(String host, int port) {
    }

    private static Endpoint parseOrigin(String origin) {
        if (origin == null || origin.isBlank() || origin.strip().equals("null")) {
            return null;
        }
        try {
            URI u = new URI(origin.strip());
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            int defaultPort = switch (scheme) {
                case "http" -> 80;
                case "https" -> 443;
                default -> -1;
            };
            if (defaultPort < 0 || u.getHost() == null || u.getRawUserInfo() != null
                    || (u.getRawPath() != null && !u.getRawPath().isEmpty() && !u.getRawPath().equals("/"))
                    || u.getRawQuery() != null || u.getRawFragment() != null) {
                return null;
            }
            return new Endpoint(u.getHost().toLowerCase(Locale.ROOT), u.getPort() < 0 ? defaultPort : u.getPort());
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** The Host header's host and port (-1 when it names none). */
    private static Endpoint parseHost(String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank()) {
            return null;
        }
        try {
            URI u = new URI("http://" + hostHeader.strip());
            if (u.getHost() == null || u.getRawUserInfo() != null || !u.getRawPath().isEmpty()) {
                return null;
            }
            return new Endpoint(u.getHost().toLowerCase(Locale.ROOT), u.getPort());
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
