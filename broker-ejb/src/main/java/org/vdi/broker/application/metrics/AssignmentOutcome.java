package org.vdi.broker.application.metrics;

import org.vdi.broker.domain.shared.ErrorCode;

/**
 * How one "connect" ended, as the {@code outcome} tag of {@code vdi_assignments}:
 * the ways {@code AssignmentServiceBean.assign} can end, and nothing else, so the
 * tag has a handful of values.
 */
public enum AssignmentOutcome {

    /** A running spare was given to the user. */
    ASSIGNED("assigned"),
    /** No running spare: a stopped desktop was given and is starting. */
    STARTED("started"),
    /** The user already held a desktop of the pool and got it again. */
    REUSED("reused"),
    /** No free desktop, running or stopped (503 no_desktop_available). */
    NO_DESKTOP("no_desktop"),
    /** The user is not entitled to the pool (403). */
    REFUSED("refused"),
    /** Another desktop was asked for past the pool's limit per user (409). */
    LIMIT("limit"),
    /** Anything else: another broker error, or the transaction did not commit. */
    FAILED("failed");

    private final String tag;

    AssignmentOutcome(String tag) {
        this.tag = tag;
    }

    /** The tag value, stable: dashboards and alerts match it. */
    public String tag() {
        return tag;
    }

    /** True for the outcomes that gave the user a desktop. */
    public boolean success() {
        return this == ASSIGNED || this == STARTED || this == REUSED;
    }

    /** The outcome of an assignment that ended with the broker's error {@code code}. */
    public static AssignmentOutcome of(ErrorCode code) {
        if (code == null) {
            return FAILED;
        }
        return switch (code) {
            case NO_DESKTOP_AVAILABLE -> NO_DESKTOP;
            case FORBIDDEN -> REFUSED;
            case CONFLICT -> LIMIT;
            default -> FAILED;
        };
    }

    /**
     * What is counted once the transaction ended: a success whose transaction did not
     * commit gave nobody a desktop, so it counts as failed; a refusal stays what it was
     * (its transaction is rolled back on purpose).
     */
    public AssignmentOutcome afterCompletion(boolean committed) {
        return success() && !committed ? FAILED : this;
    }
}
