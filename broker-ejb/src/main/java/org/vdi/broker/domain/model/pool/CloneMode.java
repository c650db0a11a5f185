package org.vdi.broker.domain.model.pool;

/** How a pool's desktop disks are made: a qcow2 overlay on the golden image, or a full copy. */
public enum CloneMode {
    LINKED,
    FULL
}
