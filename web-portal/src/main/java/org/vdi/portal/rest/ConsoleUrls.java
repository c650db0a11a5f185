package org.vdi.portal.rest;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.vdi.broker.domain.shared.BrokerException;

/**
 * Where browsers open console tunnels. By default the tunnel is on the same
 * host as the request that asked for the ticket ({@code ws://<Host>/console/tunnel},
 * {@code wss://} for https), which is right when the portal and console-proxy run
 * behind one address. {@code vdi.console.public-url} (VDI_CONSOLE_PUBLIC_URL) sets
 * console-proxy's public base instead, e.g. {@code https://vdi.example.com/console}
 * behind a TLS-terminating proxy; the tunnel is then {@code wss://vdi.example.com/console/tunnel}.
 */
@ApplicationScoped
public class ConsoleUrls {

    static final String CONSOLE_PATH = "/console";
    static final String TUNNEL = "/tunnel";
    /** console-proxy's WebSocket-to-TCP bridge for spice-html5. */
    static final String SPICE = "/spice";

    /** host, host:port, or [IPv6]:port; nothing that could smuggle a path, user info or a second URL. */
    private static final Pattern HOST = Pattern.compile("^([A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}\\])(:\\d{1,5})?$");

    @Inject
    @ConfigProperty(name = "vdi.console.public-url")
    Optional<String> publicUrl;

    /**
     * The URL of one of console-proxy's endpoints ({@link #TUNNEL}, {@link #SPICE}) for a
     * request that came in with this scheme and Host header; all of them sit on the same
     * console-proxy.
     */
    public String endpointUrl(String endpoint, String requestScheme, String hostHeader) {
        return url(publicUrl.filter(s -> !s.isBlank()), requestScheme, hostHeader, endpoint);
    }

    static String tunnelUrl(Optional<String> publicUrl, String requestScheme, String hostHeader) {
        return url(publicUrl, requestScheme, hostHeader, TUNNEL);
    }

    static String url(Optional<String> publicUrl, String requestScheme, String hostHeader, String endpoint) {
        if (publicUrl.isPresent()) {
            String base = publicUrl.get().strip();
            URI u = URI.create(base);
            String scheme = wsScheme(u.getScheme());
            if (scheme == null || u.getRawAuthority() == null) {
                throw BrokerException.invalid("vdi.console.public-url must be an absolute http(s) or ws(s) URL");
            }
            String path = u.getRawPath() == null ? "" : u.getRawPath();
            while (path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            return scheme + "://" + u.getRawAuthority() + path + endpoint;
        }
        String host = hostHeader == null ? "" : hostHeader.strip();
        if (!HOST.matcher(host).matches()) {
            throw BrokerException.invalid("the request's Host header is not a host name; cannot tell browsers "
                    + "where the console is (set vdi.console.public-url)");
        }
        String scheme = wsScheme(requestScheme);
        return (scheme == null ? "ws" : scheme) + "://" + host + CONSOLE_PATH + endpoint;
    }

    private static String wsScheme(String scheme) {
        if (scheme == null) {
            return null;
        }
        return switch (scheme.toLowerCase(Locale.ROOT)) {
            case "https", "wss" -> "wss";
            case "http", "ws" -> "ws";
            default -> null;
        };
    }
}
