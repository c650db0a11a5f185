package org.vdi.broker.domain.model.pool.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class RampUpTest {

    /** Monday 07:30-10:00 UTC: 10 spares, at most 12; otherwise 2 of at most 5. */
    private static final CapacitySchedule MORNING = new CapacitySchedule(List.of(CapacityRule.parse(0,
            List.of("MON"), "07:30", "10:00", "UTC", 10, 12)), 2, 5);

    /** 30 s per desktop, a 10 s cycle: 8 more desktops need 250 s. */
    private static final StartEstimate ESTIMATE = new StartEstimate(Duration.ofSeconds(30), Duration.ofSeconds(10));

    @Test
    void rampsUpByTheTimeTheDifferenceTakesToStart() {
        assertEquals(Duration.ofSeconds(250), ESTIMATE.leadFor(8));
        assertEquals(new CapacityTarget(2, 5, -1),
                RampUp.applied(MORNING, Instant.parse("2026-03-02T07:25:49Z"), ESTIMATE), "251 s ahead: not yet");
        assertEquals(new CapacityTarget(10, 12, -1),
                RampUp.applied(MORNING, Instant.parse("2026-03-02T07:25:50Z"), ESTIMATE), "250 s ahead");
        assertEquals(new CapacityTarget(10, 12, 0),
                RampUp.applied(MORNING, Instant.parse("2026-03-02T07:30:00Z"), ESTIMATE));
    }

    @Test
    void neverAnticipatesADecrease() {
        assertEquals(new CapacityTarget(10, 12, 0),
                RampUp.applied(MORNING, Instant.parse("2026-03-02T09:59:59Z"), ESTIMATE));
        assertEquals(new CapacityTarget(2, 5, -1),
                RampUp.applied(MORNING, Instant.parse("2026-03-02T10:00:00Z"), ESTIMATE));
    }

    @Test
    void aSlowHostStartsEarlierButNeverMoreThanTheLimitAhead() {
        StartEstimate slow = new StartEstimate(Duration.ofHours(1), Duration.ofSeconds(10));
        assertEquals(new CapacityTarget(10, 12, -1),
                RampUp.applied(MORNING, Instant.parse("2026-03-02T01:30:00Z"), slow), "6 h ahead");
        assertEquals(new CapacityTarget(2, 5, -1),
                RampUp.applied(MORNING, Instant.parse("2026-03-02T01:29:59Z"), slow));
    }

    @Test
    void scaleDownKeepsWhatAWindowWithinTheHourWants() {
        // ramped up 250 s ahead with the default; measured starts of 2 s shrink the lead to 26 s
        StartEstimate measured = new StartEstimate(Duration.ofSeconds(2), Duration.ofSeconds(10));
        Instant fourMinutesAhead = Instant.parse("2026-03-02T07:26:00Z");
        assertEquals(new CapacityTarget(2, 5, -1), RampUp.applied(MORNING, fourMinutesAhead, measured));
        assertEquals(new CapacityTarget(10, 12, -1), RampUp.kept(MORNING, fourMinutesAhead, measured),
                "the ramped-up spares stay");
        assertEquals(new CapacityTarget(2, 5, -1), RampUp.kept(MORNING, Instant.parse("2026-03-02T06:29:59Z"), measured),
                "more than an hour ahead");
        assertEquals(new CapacityTarget(2, 5, -1), RampUp.kept(MORNING, Instant.parse("2026-03-02T10:00:00Z"), measured),
                "after the window");
    }
}
