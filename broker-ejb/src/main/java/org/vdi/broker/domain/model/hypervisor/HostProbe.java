package org.vdi.broker.domain.model.hypervisor;

/**
 * What one contact with a host found.
 *
 * @param reachable      libvirt answered
 * @param libvirtVersion libvirt's version as a dotted string, or null when unreachable
 * @param kvmOffered     libvirt offers the kvm domain type for x86_64 guests there
 * @param storagePoolActive the host's storage pool exists and is running
 * @param reason         why the host is not usable, or null when it is
 */
public record HostProbe(boolean reachable, String libvirtVersion, boolean kvmOffered,
        boolean storagePoolActive, String reason) {

    public boolean usable() {
        return reachable && storagePoolActive;
    }

    public static HostProbe unreachable(String reason) {
        return new HostProbe(false, null, false, false, reason);
    }
}
