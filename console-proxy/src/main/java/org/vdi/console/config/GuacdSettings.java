package org.vdi.console.config;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where guacd is. {@code vdi.guacd.host} (VDI_GUACD_HOST) and {@code vdi.guacd.port}
 * (VDI_GUACD_PORT, default 4822). With no host set, the built-in guacd-compatible
 * gateway serves consoles in this process.
 */
@ApplicationScoped
public class GuacdSettings {

    @Inject
    @ConfigProperty(name = "vdi.guacd.host")
    Optional<String> host;

    @Inject
    @ConfigProperty(name = "vdi.guacd.port", defaultValue = "4822")
    int port;

    public Optional<String> host() {
        return host.filter(h -> !h.isBlank());
    }

    public int port() {
        return port;
    }
}
