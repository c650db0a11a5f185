package org.vdi.broker.domain.model.pool.schedule;

/**
 * What a pool should hold at one moment: its warm spares and its size cap,
 * and the rule that says so ({@code rule} is the rule's position in the
 * schedule, or -1 when no rule is in force and the pool's own settings apply).
 * The spare target never exceeds the cap, even after the pool's maxSize was
 * lowered below a rule's target.
 */
public record CapacityTarget(int spareTarget, int maxSize, int rule) {

    /** No rule in force. */
    public static final int POOL_DEFAULT = -1;

    public CapacityTarget {
        spareTarget = Math.min(spareTarget, maxSize);
    }

    /** Same capacity, whichever rule gives it: only a change of numbers is a change for the monitor. */
    public boolean sameCapacity(CapacityTarget other) {
        return spareTarget == other.spareTarget && maxSize == other.maxSize;
    }

    public boolean fromRule() {
        return rule != POOL_DEFAULT;
    }
}
