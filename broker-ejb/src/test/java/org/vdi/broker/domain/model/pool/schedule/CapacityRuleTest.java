package org.vdi.broker.domain.model.pool.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vdi.broker.domain.shared.BrokerException;
import org.vdi.broker.domain.shared.ErrorCode;

class CapacityRuleTest {

    private static BrokerException refused(List<String> days, String start, String end, String zone, Integer spare,
            Integer max) {
        return assertThrows(BrokerException.class, () -> CapacityRule.parse(2, days, start, end, zone, spare, max));
    }

    @Test
    void parsesTheApisText() {
        CapacityRule r = CapacityRule.parse(0, List.of("mon", "TUESDAY", "Fri"), "07:30", "10:00", "Europe/Berlin",
                20, null);
        assertEquals(Set.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.FRIDAY), r.days());
        assertEquals(List.of("MON", "TUE", "FRI"), r.dayNames());
        assertEquals("07:30", r.start());
        assertEquals("10:00", r.end());
        assertEquals(ZoneId.of("Europe/Berlin"), r.zone());
        assertEquals(150, r.lengthMinutes());
        assertTrue(r.maxSizeIfSet().isEmpty());
    }

    @Test
    void aWindowMayCrossMidnightAndEndAt24() {
        CapacityRule night = CapacityRule.parse(0, List.of("FRI"), "22:00", "06:00", "UTC", 1, 4);
        assertTrue(night.crossesMidnight());
        assertEquals(480, night.lengthMinutes());
        CapacityRule day = CapacityRule.parse(0, List.of("SAT"), "00:00", "24:00", "UTC", 1, null);
        assertEquals(1440, day.lengthMinutes());
        assertEquals("24:00", day.end());
        CapacityRule toMidnight = CapacityRule.parse(0, List.of("SAT"), "18:00", "00:00", "UTC", 1, null);
        assertEquals("24:00", toMidnight.end(), "an end of 00:00 is the midnight that ends the day");
    }

    @ParameterizedTest
    @CsvSource({
        "07:30, 07:30, rules[2].end",
        "00:00, 00:00, rules[2].end",
        "7:30, 10:00, rules[2].start",
        "25:00, 10:00, rules[2].start",
        "07:60, 10:00, rules[2].start",
        "24:00, 10:00, rules[2].start",
        "07:30, 24:01, rules[2].end",
        "07:30, noon, rules[2].end",
    })
    void refusesImpossibleWindowsBesideTheField(String start, String end, String field) {
        BrokerException e = refused(List.of("MON"), start, end, "UTC", 1, null);
        assertEquals(ErrorCode.INVALID_INPUT, e.code());
        assertEquals(field, e.field().orElseThrow());
        assertTrue(e.getMessage().startsWith("rule 3: "), e.getMessage());
    }

    @Test
    void refusesNoDaysAndUnknownDays() {
        assertEquals("rules[2].days", refused(List.of(), "07:00", "08:00", "UTC", 1, null).field().orElseThrow());
        assertEquals("rules[2].days", refused(null, "07:00", "08:00", "UTC", 1, null).field().orElseThrow());
        assertEquals("rules[2].days", refused(List.of("MO"), "07:00", "08:00", "UTC", 1, null).field().orElseThrow());
        assertEquals("rules[2].days", refused(List.of("funday"), "07:00", "08:00", "UTC", 1, null).field().orElseThrow());
    }

    @Test
    void refusesUnknownZonesAndBareOffsets() {
        for (String zone : new String[] {"Europe/Atlantis", "CEST", "+01:00", "", "Mars/Olympus"}) {
            BrokerException e = refused(List.of("MON"), "07:00", "08:00", zone, 1, null);
            assertEquals("rules[2].zone", e.field().orElseThrow(), zone);
        }
        assertEquals("rules[2].zone", refused(List.of("MON"), "07:00", "08:00", null, 1, null).field().orElseThrow());
    }

    @Test
    void refusesASpareTargetAboveTheRulesMaxSize() {
        BrokerException e = refused(List.of("MON"), "07:00", "08:00", "UTC", 6, 5);
        assertEquals("rules[2].spareTarget", e.field().orElseThrow());
        assertEquals("rules[2].spareTarget", refused(List.of("MON"), "07:00", "08:00", "UTC", -1, null).field()
                .orElseThrow());
        assertEquals("rules[2].spareTarget", refused(List.of("MON"), "07:00", "08:00", "UTC", null, null).field()
                .orElseThrow());
        assertEquals("rules[2].maxSize", refused(List.of("MON"), "07:00", "08:00", "UTC", 0, 1001).field()
                .orElseThrow());
    }
}
