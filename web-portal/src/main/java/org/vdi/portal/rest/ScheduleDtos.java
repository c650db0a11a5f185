package org.vdi.portal.rest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.vdi.broker.application.ScheduleView;
import org.vdi.broker.domain.model.pool.schedule.CapacityChange;
import org.vdi.broker.domain.model.pool.schedule.CapacityRule;
import org.vdi.broker.domain.model.pool.schedule.CapacityTarget;
import org.vdi.broker.domain.shared.BrokerException;

/** The JSON of {@code /pools/{id}/schedule}. */
final class ScheduleDtos {

    private ScheduleDtos() {
    }

    /**
     * One rule as the API writes it: days {@code MON}..{@code SUN}, times {@code HH:MM}
     * ({@code 24:00} ends a window at midnight), an IANA zone; maxSize null for the pool's own.
     */
    public record RuleDto(List<String> days, String start, String end, String zone, Integer spareTarget,
            Integer maxSize) {

        static RuleDto of(CapacityRule r) {
            return new RuleDto(r.dayNames(), r.start(), r.end(), r.zone().getId(), r.spareTarget(),
                    r.maxSizeIfSet().isPresent() ? r.maxSize() : null);
        }
    }

    /** The whole list of rules, replacing the pool's. */
    public record ScheduleRequest(List<RuleDto> rules) {

        List<CapacityRule> toRules() {
            if (rules == null) {
                throw BrokerException.invalid("rules", "rules is required (an empty list removes the schedule)");
            }
            List<CapacityRule> out = new ArrayList<>();
            for (int i = 0; i < rules.size(); i++) {
                RuleDto r = rules.get(i);
                if (r == null) {
                    throw BrokerException.invalid("rules[" + i + "]", "rule " + (i + 1) + " is empty");
                }
                out.add(CapacityRule.parse(i, r.days(), r.start(), r.end(), r.zone(), r.spareTarget(), r.maxSize()));
            }
            return out;
        }
    }

    /** A target: spares and size cap, and the rule (its position) in force, null for the pool's own settings. */
    public record TargetDto(int spareTarget, int maxSize, Integer rule) {

        static TargetDto of(CapacityTarget t) {
            return new TargetDto(t.spareTarget(), t.maxSize(), t.fromRule() ? t.rule() : null);
        }
    }

    /** The target from {@code at} on. */
    public record ChangeDto(Instant at, int spareTarget, int maxSize, Integer rule) {

        static ChangeDto of(CapacityChange c) {
            TargetDto t = TargetDto.of(c.target());
            return new ChangeDto(c.at(), t.spareTarget(), t.maxSize(), t.rule());
        }
    }

    /**
     * What the monitor applies now: the target in force, or an upcoming window's while it
     * ramps up ({@code rampingUp}); {@code startSeconds} is the per-desktop start time it counts.
     */
    public record AppliedDto(int spareTarget, int maxSize, boolean rampingUp, double startSeconds) {
    }

    /**
     * The schedule: the rules, the target now, the next change (null when none within a week),
     * and {@code strip}, the target every {@code stripMinutes} for 24 hours from {@code now}.
     */
    public record ScheduleDto(Instant now, List<RuleDto> rules, TargetDto targetNow, ChangeDto nextChange,
            AppliedDto applied, int stripMinutes, List<ChangeDto> strip) {

        static ScheduleDto of(ScheduleView v) {
            boolean ramping = v.applied().spareTarget() > v.targetNow().spareTarget();
            return new ScheduleDto(v.now(), v.rules().stream().map(RuleDto::of).toList(), TargetDto.of(v.targetNow()),
                    v.nextChange().map(ChangeDto::of).orElse(null),
                    new AppliedDto(v.applied().spareTarget(), v.applied().sizeCap(), ramping,
                            v.startPerDesktop().toMillis() / 1000.0),
                    (int) ScheduleView.STRIP_STEP.toMinutes(), v.strip().stream().map(ChangeDto::of).toList());
        }
    }
}
