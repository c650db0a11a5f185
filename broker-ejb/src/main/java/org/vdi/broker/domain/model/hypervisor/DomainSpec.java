package org.vdi.broker.domain.model.hypervisor;

import java.util.Objects;
import java.util.UUID;

import org.vdi.broker.domain.model.host.VirtualizationType;
import org.vdi.broker.domain.shared.Names;

/**
 * Everything needed to define one desktop's domain. The adapter turns it into
 * domain XML with an XML API; names are validated here so nothing unchecked
 * reaches the XML or the host's file system.
 *
 * @param domainName      libvirt domain name (strict name pattern)
 * @param desktopId       the broker's desktop id, written into the domain's metadata
 * @param poolId          the broker's pool id, written into the domain's metadata
 * @param type            kvm or qemu (TCG)
 * @param memoryMib       guest memory
 * @param vcpus           virtual CPUs
 * @param diskVolume      the desktop's disk volume in the host's storage pool
 * @param vnc             VNC graphics on
 * @param spice           SPICE graphics on
 * @param clipboard       QEMU's vdagent channel with clipboard sharing
 * @param listenAddress   address the graphics listen on
 * @param serialLogPath   file libvirt logs the first serial console to, or null for none
 */
public record DomainSpec(String domainName, UUID desktopId, UUID poolId, VirtualizationType type, int memoryMib,
        int vcpus, String diskVolume, boolean vnc, boolean spice, boolean clipboard, String listenAddress,
        String serialLogPath) {

    public DomainSpec {
        Names.require("domain name", domainName);
        Objects.requireNonNull(desktopId, "desktopId");
        Objects.requireNonNull(poolId, "poolId");
        Objects.requireNonNull(type, "type");
        if (memoryMib < 16 || memoryMib > 1_048_576) {
            throw new IllegalArgumentException("memoryMib out of range: " + memoryMib);
        }
        if (vcpus < 1 || vcpus > 256) {
            throw new IllegalArgumentException("vcpus out of range: " + vcpus);
        }
        if (diskVolume == null || !diskVolume.matches("^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$") || diskVolume.contains("..")) {
            throw new IllegalArgumentException("invalid disk volume name");
        }
        if (serialLogPath != null && (!serialLogPath.startsWith("/") || serialLogPath.contains(".."))) {
            throw new IllegalArgumentException("serial log path must be absolute");
        }
    }
}
