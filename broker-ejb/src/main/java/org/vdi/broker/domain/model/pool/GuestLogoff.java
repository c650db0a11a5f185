package org.vdi.broker.domain.model.pool;

/**
 * What a logoff inside the guest (its agent reports nobody logged in any
 * more) does to the desktop's assignment. Only pools with {@link Readiness#AGENT}
 * can see it: without an agent the broker knows nothing of the guest's users.
 */
public enum GuestLogoff {
    /** Nothing: the user keeps the desktop until they release it or a timeout ends it. */
    IGNORE,
    /**
     * The desktop is released and the pool's logoff policy applies once the
     * pool's grace period has passed without a new logon: the user is done.
     */
    RELEASE
}
