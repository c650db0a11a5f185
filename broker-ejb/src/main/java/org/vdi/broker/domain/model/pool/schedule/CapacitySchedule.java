package org.vdi.broker.domain.model.pool.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import org.vdi.broker.domain.shared.BrokerException;

/**
 * A pool's capacity over time: its rules, and its own spare target and size
 * outside every rule. Answers what is in force at a moment, when that next
 * changes, and a strip of targets ahead, so the monitor, the API and the page
 * all read the same answer.
 *
 * <p>Overlapping rules: the most specific wins, that is the rule with the
 * fewest days, then the shortest window (as written), then the one listed
 * first. "Mon-Fri 07:00-18:00: 5" and "Mon 07:00-10:00: 20" give 20 on Monday
 * mornings and 5 otherwise in office hours.
 */
public final class CapacitySchedule {

    /** More rules than any pool needs; bounds the work of one lookup. */
    public static final int MAX_RULES = 50;

    /** How far ahead changes are looked for: a week covers every weekly rule. */
    public static final Duration LOOK_AHEAD = Duration.ofDays(8);


    private final List<CapacityRule> rules;

    private final int poolSpare;

    private final int poolMaxSize;

    /**
     * @param rules in the order the admin listed them (the last tie-breaker)
     * @param poolSpare the pool's own minSpare, in force outside every rule
     * @param poolMaxSize the pool's own maxSize, in force outside every rule and in rules without one
     */
    public CapacitySchedule(List<CapacityRule> rules, int poolSpare, int poolMaxSize) {
        if (rules.size() > MAX_RULES) {
            throw BrokerException.invalid("rules", "a schedule has at most " + MAX_RULES + " rules");
        }
        this.rules = List.copyOf(rules);
        this.poolSpare = poolSpare;
        this.poolMaxSize = poolMaxSize;
    }

    /**
     * Checks that each rule's spare target fits its size cap (its own maxSize, or
     * else the pool's), naming the field as {@code rules[i].spareTarget}.
     */
    public void checkFits() {
        for (int i = 0; i < rules.size(); i++) {
            CapacityRule r = rules.get(i);
            int cap = r.maxSizeIfSet().orElse(poolMaxSize);
            if (r.spareTarget() > cap) {
                throw BrokerException.invalid("rules[" + i + "].spareTarget", "spareTarget (" + r.spareTarget()
                        + ") must not exceed " + (r.maxSizeIfSet().isPresent() ? "the rule's" : "the pool's")
                        + " maxSize (" + cap + ")");
            }
        }
    }

    public List<CapacityRule> rules() {
        return rules;
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /** The target in force at {@code t}. */
    public CapacityTarget targetAt(Instant t) {
        int best = -1;
        for (int i = 0; i < rules.size(); i++) {
            if (inForce(rules.get(i), t) && (best < 0 || moreSpecific(i, best))) {
                best = i;
            }
        }
        if (best < 0) {
            return new CapacityTarget(poolSpare, poolMaxSize, CapacityTarget.POOL_DEFAULT);
        }
        CapacityRule r = rules.get(best);
        return new CapacityTarget(r.spareTarget(), r.maxSizeIfSet().orElse(poolMaxSize), best);
    }

    /** The first change of capacity after {@code t}, within {@link #LOOK_AHEAD}; empty when there is none. */
    public Optional<CapacityChange> nextChangeAfter(Instant t) {
        List<CapacityChange> changes = changesBetween(t, t.plus(LOOK_AHEAD));
        return changes.isEmpty() ? Optional.empty() : Optional.of(changes.get(0));
    }

    /**
     * Every change of capacity in (from, to], in time order: the moments a
     * window starts or ends and the numbers in force differ from before.
     */
    public List<CapacityChange> changesBetween(Instant from, Instant to) {
        TreeSet<Instant> edges = new TreeSet<>();
        for (CapacityRule r : rules) {
            LocalDate first = from.atZone(r.zone()).toLocalDate().minusDays(1);
            LocalDate last = to.atZone(r.zone()).toLocalDate();
            for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
                r.windowStartingOn(d).ifPresent(w -> {
                    edges.add(w.from());
                    edges.add(w.to());
                });
            }
        }
        List<CapacityChange> out = new ArrayList<>();
        CapacityTarget before = targetAt(from);
        for (Instant e : edges.subSet(from, false, to, true)) {
            CapacityTarget now = targetAt(e);
            if (!now.sameCapacity(before)) {
                out.add(new CapacityChange(e, now));
            }
            before = now;
        }
        return out;
    }

    /** The target at {@code from} and at every {@code step} after it, {@code count} values in all. */
    public List<CapacityChange> strip(Instant from, Duration step, int count) {
        List<CapacityChange> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Instant at = from.plus(step.multipliedBy(i));
            out.add(new CapacityChange(at, targetAt(at)));
        }
        return out;
    }

    private static boolean inForce(CapacityRule r, Instant t) {
        LocalDate today = t.atZone(r.zone()).toLocalDate();
        return r.windowStartingOn(today).filter(w -> w.contains(t)).isPresent()
                || r.windowStartingOn(today.minusDays(1)).filter(w -> w.contains(t)).isPresent();
    }

    /** Whether rule i beats rule j (i listed after j, so only a strictly more specific rule wins). */
    private boolean moreSpecific(int i, int j) {
        CapacityRule a = rules.get(i);
        CapacityRule b = rules.get(j);
        if (a.days().size() != b.days().size()) {
            return a.days().size() < b.days().size();
        }
        if (a.lengthMinutes() != b.lengthMinutes()) {
            return a.lengthMinutes() < b.lengthMinutes();
        }
        return i < j;
    }
}
