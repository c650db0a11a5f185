package org.vdi.broker.application;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.vdi.broker.domain.shared.Names;

/**
 * What an admin gives to register a host. Defaults: kvm virtualization,
 * console address localhost, 20 desktops, 16 GiB for desktops.
 */
public record HostRegistration(
        @NotBlank @Pattern(regexp = Names.PATTERN, message = Names.RULE) String name,
        @NotBlank @Size(max = 512) String libvirtUri,
        @NotBlank @Pattern(regexp = Names.PATTERN, message = Names.RULE) String storagePool,
        @Pattern(regexp = "(?i)kvm|qemu", message = "must be kvm or qemu") String virtualizationType,
        @Size(max = 255) String consoleAddress,
        @Min(1) @Max(10_000) Integer maxDesktops,
        @Min(64) Long maxMemoryMib) {

    public String virtualizationTypeOrDefault() {
        return virtualizationType == null ? "kvm" : virtualizationType;
    }

    public String consoleAddressOrDefault() {
        return consoleAddress == null || consoleAddress.isBlank() ? "127.0.0.1" : consoleAddress;
    }

    public int maxDesktopsOrDefault() {
        return maxDesktops == null ? 20 : maxDesktops;
    }

    public long maxMemoryMibOrDefault() {
        return maxMemoryMib == null ? 16_384 : maxMemoryMib;
    }
}
