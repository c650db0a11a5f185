package org.vdi.broker.domain.model.pool;

/**
 * Dedicated: a user keeps the same desktop until it is released. Floating: a
 * user gets any free desktop, which goes back to the pool at release.
 */
public enum AssignmentMode {
    DEDICATED,
    FLOATING
}
