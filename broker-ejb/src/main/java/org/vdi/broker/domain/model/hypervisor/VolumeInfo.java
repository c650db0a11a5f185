package org.vdi.broker.domain.model.hypervisor;

/**
 * A volume in a host's storage pool.
 *
 * @param name          the volume's name in the pool
 * @param path          its path on the host
 * @param format        qcow2, raw, ...
 * @param capacityBytes virtual size
 * @param allocationBytes space actually used
 * @param backingPath   the backing file of a qcow2 overlay, or null
 */
public record VolumeInfo(String name, String path, String format, long capacityBytes, long allocationBytes,
        String backingPath) {
}
