package org.vdi.broker.config;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The host a one-node installation registers for itself at start-up
 * ({@code ./vdi up} sets these). Unset URI: nothing is registered.
 *
 * <ul>
 * <li>{@code vdi.bootstrap.host.uri} (VDI_BOOTSTRAP_HOST_URI): libvirt URI, e.g. qemu:///system</li>
 * <li>{@code vdi.bootstrap.host.name}: default {@code local}</li>
 * <li>{@code vdi.bootstrap.host.storage-pool}: default {@code vdi-storage}</li>
 * <li>{@code vdi.bootstrap.host.virt-type}: kvm (default) or qemu</li>
 * </ul>
 */
@ApplicationScoped
public class BootstrapHostConfig {

    @Inject
    @ConfigProperty(name = "vdi.bootstrap.host.uri")
    Optional<String> uri;

    @Inject
    @ConfigProperty(name = "vdi.bootstrap.host.name", defaultValue = "local")
    String name;

    @Inject
    @ConfigProperty(name = "vdi.bootstrap.host.storage-pool", defaultValue = "vdi-storage")
    String storagePool;

    @Inject
    @ConfigProperty(name = "vdi.bootstrap.host.virt-type", defaultValue = "kvm")
    String virtType;

    public Optional<String> uri() {
        return uri.filter(u -> !u.isBlank());
    }

    public String name() {
        return name;
    }

    public String storagePool() {
        return storagePool;
    }

    public String virtType() {
        return virtType;
    }
}
