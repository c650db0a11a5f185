package org.vdi.broker.domain.model.pool.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.vdi.broker.domain.shared.BrokerException;

/**
 * The schedule's answers at fixed instants; the DST cases use the 2026 changes:
 * Europe/Berlin springs forward on 29 March (02:00 -> 03:00) and falls back on
 * 25 October (03:00 -> 02:00); America/New_York on 8 March and 1 November.
 */
class CapacityScheduleTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private static CapacityRule rule(String days, String start, String end, String zone, int spare, Integer max) {
        return CapacityRule.parse(0, List.of(days.split(",")), start, end, zone, spare, max);
    }

    private static Instant at(String iso) {
        return Instant.parse(iso);
    }

    /** A fixed clock, as the monitor reads one: the schedule depends on nothing else. */
    private static Instant now(String iso) {
        return Clock.fixed(at(iso), BERLIN).instant();
    }

    @Test
    void outsideEveryRuleThePoolsOwnSettingsApply() {
        CapacitySchedule s = new CapacitySchedule(List.of(rule("MON,TUE,WED,THU,FRI", "07:30", "10:00",
                "Europe/Berlin", 20, 25)), 2, 10);
        // Monday 2 March 2026, Berlin is UTC+1
        assertEquals(new CapacityTarget(2, 10, -1), s.targetAt(now("2026-03-02T06:29:59Z")));
        assertEquals(new CapacityTarget(20, 25, 0), s.targetAt(now("2026-03-02T06:30:00Z")));
        assertEquals(new CapacityTarget(20, 25, 0), s.targetAt(now("2026-03-02T08:59:59Z")));
        assertEquals(new CapacityTarget(2, 10, -1), s.targetAt(now("2026-03-02T09:00:00Z")));
        assertEquals(new CapacityTarget(2, 10, -1), s.targetAt(now("2026-03-07T07:00:00Z")), "a Saturday");
    }

    @Test
    void nextChangeIsTheNextWindowEdgeThatChangesTheNumbers() {
        CapacitySchedule s = new CapacitySchedule(List.of(rule("MON,TUE,WED,THU,FRI", "07:30", "10:00",
                "Europe/Berlin", 20, null)), 2, 30);
        assertEquals(new CapacityChange(at("2026-03-02T06:30:00Z"), new CapacityTarget(20, 30, 0)),
                s.nextChangeAfter(now("2026-03-02T00:00:00Z")).orElseThrow());
        assertEquals(new CapacityChange(at("2026-03-02T09:00:00Z"), new CapacityTarget(2, 30, -1)),
                s.nextChangeAfter(now("2026-03-02T06:30:00Z")).orElseThrow());
        // Friday after the window: the next one is Monday's
        assertEquals(at("2026-03-09T06:30:00Z"), s.nextChangeAfter(now("2026-03-06T12:00:00Z")).orElseThrow().at());
        assertTrue(new CapacitySchedule(List.of(), 2, 10).nextChangeAfter(now("2026-03-02T00:00:00Z")).isEmpty());
    }

    @Test
    void aWindowAcrossMidnightBelongsToTheDayItStarts() {
        CapacitySchedule s = new CapacitySchedule(List.of(rule("FRI", "22:00", "02:00", "UTC", 1, 3)), 4, 10);
        assertEquals(1, s.targetAt(now("2026-03-06T23:00:00Z")).spareTarget(), "Friday night");
        assertEquals(1, s.targetAt(now("2026-03-07T01:59:00Z")).spareTarget(), "Saturday early, Friday's window");
        assertEquals(4, s.targetAt(now("2026-03-07T02:00:00Z")).spareTarget());
        assertEquals(4, s.targetAt(now("2026-03-06T01:00:00Z")).spareTarget(), "Friday early: Thursday has none");
    }

    @Test
    void theMostSpecificRuleWinsThenTheFirstListed() {
        CapacityRule weekdays = rule("MON,TUE,WED,THU,FRI", "07:00", "18:00", "UTC", 5, null);
        CapacityRule monday = rule("MON", "07:00", "18:00", "UTC", 8, null);
        CapacityRule mondayMorning = rule("MON", "07:00", "10:00", "UTC", 20, null);
        CapacityRule mondayMorningToo = rule("MON", "08:00", "11:00", "UTC", 15, null);
        CapacitySchedule s = new CapacitySchedule(List.of(weekdays, mondayMorningToo, monday, mondayMorning), 1, 30);
        assertEquals(new CapacityTarget(20, 30, 3), s.targetAt(now("2026-03-02T07:30:00Z")), "fewest days, shortest");
        assertEquals(new CapacityTarget(15, 30, 1), s.targetAt(now("2026-03-02T08:30:00Z")),
                "two one-day three-hour windows: the first listed");
        assertEquals(new CapacityTarget(8, 30, 2), s.targetAt(now("2026-03-02T12:00:00Z")), "fewer days");
        assertEquals(new CapacityTarget(5, 30, 0), s.targetAt(now("2026-03-03T12:00:00Z")), "Tuesday");
    }

    @Test
    void theSpareTargetNeverExceedsTheCap() {
        CapacitySchedule s = new CapacitySchedule(List.of(rule("MON", "07:00", "18:00", "UTC", 8, null)), 1, 5);
        assertEquals(new CapacityTarget(5, 5, 0), s.targetAt(now("2026-03-02T08:00:00Z")),
                "a pool whose maxSize was lowered below a rule's target");
        BrokerException e = assertThrows(BrokerException.class, s::checkFits);
        assertEquals("rules[0].spareTarget", e.field().orElseThrow());
    }

    @Test
    void theStripGivesTheTargetPerStep() {
        CapacitySchedule s = new CapacitySchedule(List.of(rule("MON", "07:30", "08:00", "UTC", 3, null)), 1, 5);
        List<CapacityChange> strip = s.strip(now("2026-03-02T07:00:00Z"), Duration.ofMinutes(15), 96);
        assertEquals(96, strip.size());
        assertEquals(List.of(1, 1, 3, 3, 1), strip.subList(0, 5).stream().map(c -> c.target().spareTarget()).toList());
        assertEquals(at("2026-03-03T06:45:00Z"), strip.get(95).at());
    }

    @Test
    void berlinSpringForwardAStartInTheGapBeginsWhenTheGapEnds() {
        // 29 March 2026: 02:00 CET (01:00Z) becomes 03:00 CEST; 02:30 does not exist
        CapacitySchedule s = new CapacitySchedule(List.of(rule("SUN", "02:30", "05:00", "Europe/Berlin", 6, null)),
                1, 10);
        assertEquals(1, s.targetAt(now("2026-03-29T00:59:59Z")).spareTarget());
        assertEquals(6, s.targetAt(now("2026-03-29T01:00:00Z")).spareTarget(), "03:00 CEST, the gap's end");
        assertEquals(6, s.targetAt(now("2026-03-29T02:59:59Z")).spareTarget());
        assertEquals(1, s.targetAt(now("2026-03-29T03:00:00Z")).spareTarget(), "05:00 CEST");
        assertEquals(at("2026-03-29T01:00:00Z"), s.nextChangeAfter(now("2026-03-28T12:00:00Z")).orElseThrow().at());
        // the Sunday before, a normal one: 02:30 CET
        assertEquals(at("2026-03-22T01:30:00Z"), s.nextChangeAfter(now("2026-03-21T12:00:00Z")).orElseThrow().at());
    }

    @Test
    void berlinSpringForwardAWindowWhollyInTheGapDoesNotOccur() {
        CapacitySchedule s = new CapacitySchedule(List.of(rule("SUN", "02:10", "02:50", "Europe/Berlin", 6, null)),
                1, 10);
        assertEquals(1, s.targetAt(now("2026-03-29T01:00:00Z")).spareTarget());
        assertEquals(at("2026-04-05T00:10:00Z"), s.nextChangeAfter(now("2026-03-28T12:00:00Z")).orElseThrow().at(),
                "the next Sunday's window, 02:10 CEST");
    }

    @Test
    void berlinFallBackAWindowInTheRepeatedHourCoversBothPasses() {
        // 25 October 2026: 03:00 CEST (01:00Z) becomes 02:00 CET; 02:00-03:00 happens twice
        CapacitySchedule s = new CapacitySchedule(List.of(rule("SUN", "02:15", "02:45", "Europe/Berlin", 6, null)),
                1, 10);
        assertEquals(1, s.targetAt(now("2026-10-25T00:14:59Z")).spareTarget());
        assertEquals(6, s.targetAt(now("2026-10-25T00:15:00Z")).spareTarget(), "first 02:15, CEST");
        assertEquals(6, s.targetAt(now("2026-10-25T01:00:00Z")).spareTarget(), "between the passes: no flapping");
        assertEquals(6, s.targetAt(now("2026-10-25T01:44:59Z")).spareTarget());
        assertEquals(1, s.targetAt(now("2026-10-25T01:45:00Z")).spareTarget(), "second 02:45, CET");
        assertEquals(new CapacityChange(at("2026-10-25T01:45:00Z"), new CapacityTarget(1, 10, -1)),
                s.nextChangeAfter(now("2026-10-25T00:30:00Z")).orElseThrow());
    }

    @Test
    void berlinFallBackAWindowEndingInTheRepeatedHourEndsOnItsSecondPass() {
        CapacitySchedule s = new CapacitySchedule(List.of(rule("SUN", "01:00", "02:30", "Europe/Berlin", 6, null)),
                1, 10);
        // 01:00 CEST = 23:00Z the day before; the second 02:30 (CET) = 01:30Z
        assertEquals(6, s.targetAt(now("2026-10-24T23:00:00Z")).spareTarget());
        assertEquals(6, s.targetAt(now("2026-10-25T00:45:00Z")).spareTarget(), "first 02:45: still in");
        assertEquals(1, s.targetAt(now("2026-10-25T01:30:00Z")).spareTarget());
        assertEquals(List.of(at("2026-10-24T23:00:00Z"), at("2026-10-25T01:30:00Z")),
                s.changesBetween(now("2026-10-24T12:00:00Z"), now("2026-10-25T12:00:00Z")).stream()
                        .map(CapacityChange::at).toList());
    }

    @Test
    void newYorkSpringForwardAndFallBack() {
        // 8 March 2026: 02:00 EST (07:00Z) becomes 03:00 EDT; 1 November: 02:00 EDT (06:00Z) becomes 01:00 EST
        CapacitySchedule spring = new CapacitySchedule(List.of(rule("SUN", "02:00", "04:00", "America/New_York", 4,
                null)), 0, 10);
        assertEquals(0, spring.targetAt(now("2026-03-08T06:59:59Z")).spareTarget());
        assertEquals(4, spring.targetAt(now("2026-03-08T07:00:00Z")).spareTarget(), "03:00 EDT, the gap's end");
        assertEquals(0, spring.targetAt(now("2026-03-08T08:00:00Z")).spareTarget(), "04:00 EDT: one hour only");
        CapacitySchedule fall = new CapacitySchedule(List.of(rule("SUN", "01:30", "03:00", "America/New_York", 4,
                null)), 0, 10);
        assertEquals(0, fall.targetAt(now("2026-11-01T05:29:59Z")).spareTarget());
        assertEquals(4, fall.targetAt(now("2026-11-01T05:30:00Z")).spareTarget(), "first 01:30, EDT");
        assertEquals(4, fall.targetAt(now("2026-11-01T06:30:00Z")).spareTarget(), "second 01:30, EST");
        assertEquals(4, fall.targetAt(now("2026-11-01T07:59:59Z")).spareTarget());
        assertEquals(0, fall.targetAt(now("2026-11-01T08:00:00Z")).spareTarget(), "03:00 EST: 2 h 30 min in all");
    }

    @Test
    void refusesMoreThanFiftyRules() {
        List<CapacityRule> many = java.util.Collections.nCopies(51, rule("MON", "07:00", "08:00", "UTC", 1, null));
        assertEquals("rules", assertThrows(BrokerException.class, () -> new CapacitySchedule(many, 1, 2)).field()
                .orElseThrow());
    }
}
