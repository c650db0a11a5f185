package org.vdi.broker.domain.model.assignment;

import java.util.UUID;

/**
 * The record of every request for a new desktop, which the reports read (time
 * to desktop, refusals). Written beside the assignment, never read back by the
 * broker itself.
 */
public interface AssignmentRequests {

    /**
     * A new assignment, in the caller's transaction.
     *
     * @param ready true when the desktop already runs (a warm spare), so the user has it now
     */
    void assigned(Assignment assignment, boolean ready);

    /** A request refused as no desktop was available; in a transaction of its own, as the refusal rolls back. */
    void refusedApart(UUID poolId, String user);

    /** The desktop now runs for its holder: the request that is waiting for it is served. */
    void ready(UUID desktopId);
}
