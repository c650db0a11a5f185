package org.vdi.broker.config;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * SPICE consoles opened with a .vv file in the user's own viewer (remote-viewer).
 *
 * <ul>
 * <li>{@code vdi.spice.public-host} (VDI_SPICE_PUBLIC_HOST): the address users' viewers
 * reach the desktops' SPICE ports on, when it is not the host's console address
 * (a NAT or a DNS name). Unset: the host's console address, or, when that is a
 * loopback or wildcard address (a single-machine stack on qemu:///system), the host
 * name the user reached the portal by.</li>
 * <li>{@code vdi.spice.password-validity-seconds}: how long the password in a .vv
 * file opens new connections, 30 to 3600 (default 120: time to download the file
 * and start the viewer). A connection made in time stays open after that.</li>
 * </ul>
 */
@ApplicationScoped
public class SpiceConfig {

    @Inject
    @ConfigProperty(name = "vdi.spice.public-host")
    Optional<String> publicHost;

    @Inject
    @ConfigProperty(name = "vdi.spice.password-validity-seconds", defaultValue = "120")
    int passwordValiditySeconds;

    public Optional<String> publicHost() {
        return publicHost.map(String::strip).filter(s -> !s.isEmpty());
    }

    public int passwordValiditySeconds() {
        return Math.max(30, Math.min(3600, passwordValiditySeconds));
    }
}
