package org.vdi.broker.domain.model.pool;

/** What happens to a desktop when its user releases it (or is timed out). */
public enum LogoffPolicy {
    /** The desktop goes back as it is. */
    KEEP,
    /** The disk is reverted to the current golden image version, then the desktop goes back. */
    REFRESH,
    /** The desktop is deleted; the pool monitor makes a fresh spare. */
    DELETE
}
