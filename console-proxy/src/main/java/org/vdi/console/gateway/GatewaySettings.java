package org.vdi.console.gateway;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The built-in gateway's settings. {@code vdi.gateway.max-sessions} (default 64) and
 * {@code vdi.gateway.png-level} (deflate level 1-9, default 1: fastest, and desktop
 * content gains little above it). Consoles reach the gateway in process; only
 * {@code vdi.gateway.listen} (default false) also opens a guacd-compatible TCP listener
 * on 127.0.0.1, at {@code vdi.gateway.port} (default 0: an ephemeral port), for guacd
 * clients outside this process.
 */
@ApplicationScoped
public class GatewaySettings {

    @Inject
    @ConfigProperty(name = "vdi.gateway.listen", defaultValue = "false")
    boolean listen;

    @Inject
    @ConfigProperty(name = "vdi.gateway.port", defaultValue = "0")
    int port;

    @Inject
    @ConfigProperty(name = "vdi.gateway.max-sessions", defaultValue = "64")
    int maxSessions;

    @Inject
    @ConfigProperty(name = "vdi.gateway.png-level", defaultValue = "1")
    int pngLevel;

    public boolean listen() {
        return listen;
    }

    public int port() {
        return port;
    }

    public int maxSessions() {
        return Math.max(1, maxSessions);
    }

    public int pngLevel() {
        return Math.max(1, Math.min(9, pngLevel));
    }
}
