package org.vdi.broker.domain.model.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.vdi.broker.domain.shared.BrokerException;
import org.vdi.broker.domain.shared.ErrorCode;

class ReportRangeTest {

    private static final Instant NOW = Instant.parse("2026-03-10T14:25:00Z");

    @Test
    void datesAreMidnightUtcAndInstantsRoundOutToWholeHours() {
        ReportRange days = ReportRange.parse("2026-03-01", "2026-03-02", NOW);
        assertEquals(Instant.parse("2026-03-01T00:00:00Z"), days.from());
        assertEquals(Instant.parse("2026-03-02T00:00:00Z"), days.to());
        assertEquals(24, days.hours());

        ReportRange odd = ReportRange.parse("2026-03-01T08:59:59Z", " 2026-03-01T10:00:01Z ", NOW);
        assertEquals(Instant.parse("2026-03-01T08:00:00Z"), odd.from());
        assertEquals(Instant.parse("2026-03-01T11:00:00Z"), odd.to());
    }

    @Test
    void missingBoundsMeanTheLastSevenDaysUpToTheEndOfThisHour() {
        ReportRange r = ReportRange.parse(null, "", NOW);
        assertEquals(Instant.parse("2026-03-10T15:00:00Z"), r.to());
        assertEquals(Instant.parse("2026-03-03T15:00:00Z"), r.from());
        assertEquals(Instant.parse("2026-03-10T15:00:00Z"), ReportRange.parse(null, null,
                Instant.parse("2026-03-10T14:00:00Z")).to(), "at a full hour, that hour is included");
        assertEquals(Instant.parse("2026-01-08T00:00:00Z"), ReportRange.parse("2026-01-01", null, NOW).to());
        assertEquals(Instant.parse("2026-01-25T00:00:00Z"), ReportRange.parse(null, "2026-02-01", NOW).from());
    }

    @Test
    void refusesTextThatIsNoDateNamingItsField() {
        BrokerException e = assertThrows(BrokerException.class, () -> ReportRange.parse("yesterday", null, NOW));
        assertEquals(ErrorCode.INVALID_INPUT, e.code());
        assertEquals("from", e.field().orElseThrow());
        assertEquals("to", assertThrows(BrokerException.class,
                () -> ReportRange.parse(null, "2026-02-30", NOW)).field().orElseThrow());
        assertEquals("to", assertThrows(BrokerException.class,
                () -> ReportRange.parse(null, "2026-03-01T25:00:00Z", NOW)).field().orElseThrow());
    }

    @Test
    void refusesAnEmptyOrBackwardRangeNamingFrom() {
        assertEquals("from", assertThrows(BrokerException.class,
                () -> ReportRange.parse("2026-03-02", "2026-03-01", NOW)).field().orElseThrow());
        assertEquals("from", assertThrows(BrokerException.class,
                () -> ReportRange.parse("2026-03-01T10:00:00Z", "2026-03-01T10:00:00Z", NOW)).field().orElseThrow());
    }

    @Test
    void allowsUpToFourHundredDaysAndRefusesMoreNamingTo() {
        assertEquals(400 * 24, ReportRange.parse("2025-01-01", "2026-02-05", NOW).hours());
        BrokerException e = assertThrows(BrokerException.class,
                () -> ReportRange.parse("2025-01-01", "2026-02-05T01:00:00Z", NOW));
        assertEquals("to", e.field().orElseThrow());
        assertEquals(ErrorCode.INVALID_INPUT, e.code());
    }

    @Test
    void refusesPartHoursWhenBuiltDirectly() {
        assertThrows(BrokerException.class, () -> new ReportRange(Instant.parse("2026-03-01T10:30:00Z"),
                Instant.parse("2026-03-01T12:00:00Z")));
    }
}
