package org.vdi.broker.domain.model.pool.schedule;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import org.vdi.broker.domain.shared.BrokerException;

/**
 * One rule of a pool's capacity schedule: on the given days, between
 * {@code start} and {@code end} (wall-clock time in {@code zone}), keep
 * {@code spareTarget} warm spares and, when given, at most {@code maxSize}
 * desktops. A window whose end is before its start crosses midnight: it
 * begins on one of its days and ends on the next day.
 *
 * <p>Daylight-saving changes. A window is one unbroken stretch of time, from
 * the first moment the zone's clock shows its start on that day to the
 * first moment, after that, the clock shows its end for the last time:
 * <ul>
 * <li>a start or end inside a spring-forward gap (02:30 on the day Berlin's
 * clocks jump from 02:00 to 03:00) falls on the end of the gap (03:00); a
 * window wholly inside the gap does not occur that day;</li>
 * <li>a start inside a fall-back repeated hour is its first occurrence and
 * an end inside it its second, so the window covers every moment the clock
 * shows a time within it (02:00-02:30 then lasts 1 h 30 min).</li>
 * </ul>
 *
 * @param days the days on which the window starts, at least one
 * @param startMinute minutes after local midnight, 0 to 1439
 * @param endMinute minutes after local midnight, 1 to 1440; never equal to start
 * @param maxSize the size cap in the window, or 0 for the pool's own
 */
public record CapacityRule(Set<DayOfWeek> days, int startMinute, int endMinute, ZoneId zone, int spareTarget,
        int maxSize) {

    /** Same bounds as the pool's own maxSize. */
    public static final int MAX_SIZE_LIMIT = 1000;

    public CapacityRule {
        if (days == null || days.isEmpty()) {
            throw BrokerException.invalid("days", "days must name at least one day of the week, such as MON");
        }
        days = Set.copyOf(EnumSet.copyOf(days));
        if (startMinute < 0 || startMinute >= WindowTime.DAY_MINUTES) {
            throw BrokerException.invalid("start", "start must be between 00:00 and 23:59");
        }
        if (endMinute <= 0 || endMinute > WindowTime.DAY_MINUTES) {
            throw BrokerException.invalid("end", "end must be between 00:01 and 24:00");
        }
        if (startMinute == endMinute) {
            throw empty(startMinute);
        }
        if (zone == null) {
            throw BrokerException.invalid("zone", "zone is required, an IANA time zone such as Europe/Berlin");
        }
        if (spareTarget < 0 || spareTarget > MAX_SIZE_LIMIT) {
            throw BrokerException.invalid("spareTarget", "spareTarget must be between 0 and " + MAX_SIZE_LIMIT);
        }
        if (maxSize < 0 || maxSize > MAX_SIZE_LIMIT) {
            throw BrokerException.invalid("maxSize", "maxSize must be between 1 and " + MAX_SIZE_LIMIT
                    + ", or absent for the pool's own");
        }
        if (maxSize > 0 && spareTarget > maxSize) {
            throw BrokerException.invalid("spareTarget",
                    "spareTarget (" + spareTarget + ") must not exceed the rule's maxSize (" + maxSize + ")");
        }
    }

    /**
     * Rule number {@code index} of a schedule from the API's text: day names
     * ({@code MON} or {@code MONDAY}), {@code HH:MM} times and an IANA zone id;
     * each error names its field as {@code rules[index].field}, so the page
     * shows it beside that field of that rule.
     */
    public static CapacityRule parse(int index, Collection<String> days, String start, String end, String zone,
            Integer spareTarget, Integer maxSize) {
        try {
            return parse(days, start, end, zone, spareTarget, maxSize);
        } catch (BrokerException e) {
            throw BrokerException.about("rules[" + index + "]." + e.field().orElse("days"), e.code(),
                    "rule " + (index + 1) + ": " + e.getMessage());
        }
    }

    private static CapacityRule parse(Collection<String> days, String start, String end, String zone,
            Integer spareTarget, Integer maxSize) {
        if (spareTarget == null) {
            throw BrokerException.invalid("spareTarget", "spareTarget is required");
        }
        int from = WindowTime.parse("start", start);
        int to = WindowTime.parse("end", end);
        if (from == to) {
            throw empty(from);
        }
        return new CapacityRule(parseDays(days), from, endOf(to), parseZone(zone), spareTarget,
                maxSize == null ? 0 : maxSize);
    }

    private static BrokerException empty(int minute) {
        return BrokerException.invalid("end", "the window starts and ends at " + WindowTime.format(minute)
                + "; for the whole day use 00:00 to 24:00");
    }

    /** 00:00 as an end means midnight at the window's end, the same as 24:00. */
    private static int endOf(int minute) {
        return minute == 0 ? WindowTime.DAY_MINUTES : minute;
    }

    private static Set<DayOfWeek> parseDays(Collection<String> names) {
        if (names == null || names.isEmpty()) {
            throw BrokerException.invalid("days", "days must name at least one day of the week, such as MON");
        }
        EnumSet<DayOfWeek> out = EnumSet.noneOf(DayOfWeek.class);
        for (String n : names) {
            out.add(day(n));
        }
        return out;
    }

    private static DayOfWeek day(String name) {
        String n = name == null ? "" : name.strip().toUpperCase(Locale.ROOT);
        for (DayOfWeek d : DayOfWeek.values()) {
            if (n.length() >= 3 && d.name().startsWith(n) && (n.length() == 3 || n.equals(d.name()))) {
                return d;
            }
        }
        throw BrokerException.invalid("days", "'" + name + "' is not a day of the week (MON, TUE, WED, THU, FRI,"
                + " SAT, SUN)");
    }

    private static ZoneId parseZone(String zone) {
        if (zone == null || zone.isBlank()) {
            throw BrokerException.invalid("zone", "zone is required, an IANA time zone such as Europe/Berlin");
        }
        String z = zone.strip();
        // NOTE: region ids only: an offset such as +01:00 keeps no daylight-saving rules, so a
        // "07:30 in Berlin" rule written with one would be an hour off half of the year.
        if (!z.contains("/") && !z.equals("UTC")) {
            throw BrokerException.invalid("zone", "zone must be an IANA time zone such as Europe/Berlin or UTC");
        }
        try {
            return ZoneId.of(z);
        } catch (DateTimeException e) {
            throw BrokerException.invalid("zone", "'" + z + "' is not a known IANA time zone");
        }
    }

    /** Whether the window crosses midnight (ends on the day after it starts). */
    public boolean crossesMidnight() {
        return endMinute < startMinute;
    }

    /** The window's nominal length in minutes (as written, not as a DST day stretches it). */
    public int lengthMinutes() {
        return crossesMidnight() ? WindowTime.DAY_MINUTES - startMinute + endMinute : endMinute - startMinute;
    }

    public String start() {
        return WindowTime.format(startMinute);
    }

    public String end() {
        return WindowTime.format(endMinute);
    }

    public OptionalInt maxSizeIfSet() {
        return maxSize == 0 ? OptionalInt.empty() : OptionalInt.of(maxSize);
    }

    /** The day names in week order, as the API writes them (MON ... SUN). */
    public List<String> dayNames() {
        return EnumSet.copyOf(days).stream().map(d -> d.name().substring(0, 3)).toList();
    }

    /**
     * The window that starts on {@code date} (local to the rule's zone), as
     * instants; empty when the rule has no window that day or the window lies
     * wholly inside a spring-forward gap.
     */
    public Optional<Window> windowStartingOn(LocalDate date) {
        if (!days.contains(date.getDayOfWeek())) {
            return Optional.empty();
        }
        Instant from = instant(local(date, startMinute), false);
        LocalDate endDate = crossesMidnight() ? date.plusDays(1) : date;
        Instant to = instant(local(endDate, endMinute), true);
        return from.isBefore(to) ? Optional.of(new Window(from, to)) : Optional.empty();
    }

    private static LocalDateTime local(LocalDate date, int minute) {
        return minute == WindowTime.DAY_MINUTES ? date.plusDays(1).atStartOfDay()
                : date.atTime(LocalTime.of(minute / 60, minute % 60));
    }

    /**
     * When the zone's clock shows {@code t}: the gap's end when {@code t} falls in a
     * spring-forward gap; in a fall-back overlap its first pass for a start and its
     * second for an end, so the window covers every moment the clock is within it.
     */
    private Instant instant(LocalDateTime t, boolean end) {
        ZoneOffsetTransition tr = zone.getRules().getTransition(t);
        if (tr != null && tr.isGap()) {
            return tr.getInstant();
        }
        ZonedDateTime z = t.atZone(zone);
        return (end ? z.withLaterOffsetAtOverlap() : z.withEarlierOffsetAtOverlap()).toInstant();
    }

    /** One occurrence of a rule's window: [from, to). */
    public record Window(Instant from, Instant to) {

        public boolean contains(Instant t) {
            return !t.isBefore(from) && t.isBefore(to);
        }
    }
}
