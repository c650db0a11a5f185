package org.vdi.broker.domain.model.desktop;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * A desktop's life, in one place: every state and the states it may move to.
 * {@link Desktop} refuses any other move, so a bug shows up as a clear
 * {@code invalid_state} error instead of a desktop in a state nobody planned.
 *
 * <pre>
 * PROVISIONING -> AVAILABLE | ASSIGNED | STARTING | STOPPED | ERROR | DELETING
 * STOPPED      -> STARTING | REFRESHING | DELETING | ERROR | UNAVAILABLE
 * STARTING     -> AVAILABLE | ASSIGNED | STOPPED | REFRESHING | ERROR | DELETING | UNAVAILABLE
 * AVAILABLE    -> ASSIGNED | STOPPED | STARTING | REFRESHING | DELETING | ERROR | UNAVAILABLE
 * ASSIGNED     -> IN_USE | AVAILABLE | STOPPED | STARTING | REFRESHING | DELETING | ERROR | UNAVAILABLE
 * IN_USE       -> ASSIGNED | AVAILABLE | STOPPED | STARTING | REFRESHING | DELETING | ERROR | UNAVAILABLE
 * REFRESHING   -> AVAILABLE | ASSIGNED | STARTING | STOPPED | ERROR | DELETING
 * DELETING     -> ERROR (the row is removed when deletion completes)
 * ERROR        -> PROVISIONING | STARTING | STOPPED | REFRESHING | DELETING
 * UNAVAILABLE  -> STARTING | STOPPED | AVAILABLE | ASSIGNED | ERROR | DELETING
 * </pre>
 */
public enum DesktopState {
    /** Disk and domain being created. */
    PROVISIONING,
    /** Defined, powered off. */
    STOPPED,
    /** Powering on; in a pool with agent readiness, until its guest agent answers. */
    STARTING,
    /** Running and free: a warm spare. */
    AVAILABLE,
    /** Running and held by a user. */
    ASSIGNED,
    /** Held by a user with a console open. */
    IN_USE,
    /** Disk being reverted to the golden image. */
    REFRESHING,
    /** Domain and disk being removed. */
    DELETING,
    /** The last action failed; the reason is kept on the desktop. */
    ERROR,
    /** Its host is down; nothing can be done until it is back. */
    UNAVAILABLE;

    private static final Map<DesktopState, Set<DesktopState>> ALLOWED = Map.of(
            PROVISIONING, EnumSet.of(AVAILABLE, ASSIGNED, STARTING, STOPPED, ERROR, DELETING),
            STOPPED, EnumSet.of(STARTING, REFRESHING, DELETING, ERROR, UNAVAILABLE),
            STARTING, EnumSet.of(AVAILABLE, ASSIGNED, STOPPED, REFRESHING, ERROR, DELETING, UNAVAILABLE),
            AVAILABLE, EnumSet.of(ASSIGNED, STOPPED, STARTING, REFRESHING, DELETING, ERROR, UNAVAILABLE),
            ASSIGNED, EnumSet.of(IN_USE, AVAILABLE, STOPPED, STARTING, REFRESHING, DELETING, ERROR, UNAVAILABLE),
            IN_USE, EnumSet.of(ASSIGNED, AVAILABLE, STOPPED, STARTING, REFRESHING, DELETING, ERROR, UNAVAILABLE),
            REFRESHING, EnumSet.of(AVAILABLE, ASSIGNED, STARTING, STOPPED, ERROR, DELETING),
            DELETING, EnumSet.of(ERROR),
            ERROR, EnumSet.of(PROVISIONING, STARTING, STOPPED, REFRESHING, DELETING),
            UNAVAILABLE, EnumSet.of(STARTING, STOPPED, AVAILABLE, ASSIGNED, ERROR, DELETING));

    public boolean canMoveTo(DesktopState next) {
        return ALLOWED.get(this).contains(next);
    }

    /** States in which the domain is expected to run. */
    public boolean shouldRun() {
        return this == AVAILABLE || this == ASSIGNED || this == IN_USE || this == STARTING;
    }

    /**
     * Held by a user and running: the states in which a console may open, and
     * the ones a released desktop leaves for AVAILABLE. One definition, so the
     * ticket, the console, the .vv file and the release agree on it.
     */
    public boolean isHeld() {
        return this == ASSIGNED || this == IN_USE;
    }

    /** States a user may hold the desktop in. */
    public boolean holdable() {
        return this == ASSIGNED || this == IN_USE || this == STARTING || this == STOPPED || this == AVAILABLE;
    }
}
