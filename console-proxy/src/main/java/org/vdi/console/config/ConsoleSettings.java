package org.vdi.console.config;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How console-proxy reaches the broker and what it allows. Environment variables
 * map to the names as usual (VDI_BROKER_URL -> vdi.broker.url).
 *
 * <ul>
 * <li>{@code vdi.broker.url}: for a console-proxy on a node of its own, the broker's
 * internal listener that redeems tickets (default http://localhost:8081); inside the
 * portal's application the broker is called in-process and this is not read</li>
 * <li>{@code vdi.proxy.key}: the key that signs calls on that listener, the same as the
 * broker's (no default; a console-proxy of its own opens no console without it)</li>
 * <li>{@code vdi.console.allowed-origins}: comma-separated origins
 * (scheme://host[:port]) whose pages may open consoles; default: the same host
 * as the WebSocket request's Host header</li>
 * <li>{@code vdi.console.max-per-user}: consoles one user may have open at once on
 * this node (default 3)</li>
 * <li>{@code vdi.console.idle-timeout-seconds}: a console without user input for this
 * long is closed (default 900)</li>
 * <li>{@code vdi.console.max-instruction-chars}: the largest Guacamole instruction a
 * browser may send (default 65536)</li>
 * <li>{@code vdi.console.max-refusals}: refused console attempts one client address
 * may have in a window before its further attempts are refused unseen (default 30)</li>
 * <li>{@code vdi.console.refusal-window-seconds}: that window (default 60); each
 * address's attempts refused unseen are audited once per window</li>
 * <li>{@code vdi.console.lossy}: allow JPEG for busy regions with many colours, sent
 * again as PNG once they are still (default false: every image lossless)</li>
 * </ul>
 */
@ApplicationScoped
public class ConsoleSettings {

    @Inject
    @ConfigProperty(name = "vdi.broker.url", defaultValue = "http://localhost:8081")
    String brokerUrl;

    @Inject
    @ConfigProperty(name = "vdi.proxy.key")
    Optional<String> proxyKey;

    @Inject
    @ConfigProperty(name = "vdi.console.allowed-origins")
    Optional<String> allowedOrigins;

    @Inject
    @ConfigProperty(name = "vdi.console.max-per-user", defaultValue = "3")
    int maxPerUser;

    @Inject
    @ConfigProperty(name = "vdi.console.idle-timeout-seconds", defaultValue = "900")
    int idleTimeoutSeconds;

    @Inject
    @ConfigProperty(name = "vdi.console.max-instruction-chars", defaultValue = "65536")
    int maxInstructionChars;

    @Inject
    @ConfigProperty(name = "vdi.console.lossy", defaultValue = "false")
    boolean lossy;

    @Inject
    @ConfigProperty(name = "vdi.console.max-refusals", defaultValue = "30")
    int maxRefusals = 30;

    @Inject
    @ConfigProperty(name = "vdi.console.refusal-window-seconds", defaultValue = "60")
    int refusalWindowSeconds = 60;

    public int maxRefusals() {
        return Math.max(3, maxRefusals);
    }

    public int refusalWindowSeconds() {
        return Math.max(5, Math.min(refusalWindowSeconds, 3600));
    }

    public boolean lossy() {
        return lossy;
    }

    public String brokerUrl() {
        String u = brokerUrl.strip();
        return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
    }

    public Optional<String> proxyKey() {
        return proxyKey.map(String::strip).filter(k -> !k.isEmpty());
    }

    /** Empty: same host as the request. */
    public List<String> allowedOrigins() {
        // NOTE: read as one string and split here: Payara's MicroProfile Config cannot inject Optional<List<...>>
        return allowedOrigins.map(s -> List.of(s.split(","))).orElse(List.of()).stream().map(String::strip)
                .filter(s -> !s.isEmpty()).toList();
    }

    public int maxPerUser() {
        return Math.max(1, maxPerUser);
    }

    public int idleTimeoutSeconds() {
        return Math.max(10, idleTimeoutSeconds);
    }

    public int maxInstructionChars() {
        return Math.max(8192, Math.min(maxInstructionChars, 1 << 20));
    }
}
