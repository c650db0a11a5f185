package org.vdi.broker.domain.model.report;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

import org.vdi.broker.domain.shared.BrokerException;

/**
 * The time a report covers: [from, to), in whole UTC hours, at most
 * {@link #MAX_DAYS} days, so every hourly figure covers a full hour and no
 * request can make the database aggregate years of records at once.
 *
 * @param from the first hour, inclusive
 * @param to   the end, exclusive
 */
public record ReportRange(Instant from, Instant to) {

    /** Longer than a year, so a year-on-year look fits in one range. */
    public static final int MAX_DAYS = 400;

    /** What a report covers when the caller names no range: the last 7 days up to the current hour's end. */
    public static final Duration DEFAULT_SPAN = Duration.ofDays(7);

    public ReportRange {
        if (from == null || to == null) {
            throw BrokerException.invalid(from == null ? "from" : "to", "from and to are both required");
        }
        if (!from.equals(from.truncatedTo(ChronoUnit.HOURS)) || !to.equals(to.truncatedTo(ChronoUnit.HOURS))) {
            throw BrokerException.invalid("from and to must be whole hours");
        }
        if (!from.isBefore(to)) {
            throw BrokerException.invalid("from", "from must be before to");
        }
        if (Duration.between(from, to).compareTo(Duration.ofDays(MAX_DAYS)) > 0) {
            throw BrokerException.invalid("to", "a report covers at most " + MAX_DAYS + " days");
        }
    }

    /**
     * The range from the API's text: each bound an ISO date ({@code 2026-01-31},
     * midnight UTC) or an ISO instant ({@code 2026-01-31T08:30:00Z}); from is
     * rounded down and to up to a whole hour. A missing bound defaults
     * to the end of the current hour and 7 days before the other.
     */
    public static ReportRange parse(String from, String to, Instant now) {
        Instant f = bound("from", from);
        Instant t = bound("to", to);
        if (f != null) {
            f = f.truncatedTo(ChronoUnit.HOURS);
        }
        if (t != null) {
            t = ceilHour(t);
        }
        if (t == null) {
            t = f == null ? ceilHour(now.plusNanos(1)) : f.plus(DEFAULT_SPAN);
        }
        if (f == null) {
            f = t.minus(DEFAULT_SPAN);
        }
        return new ReportRange(f, t);
    }

    /** The number of hours in the range (one row per pool and hour in the hourly report). */
    public long hours() {
        return Duration.between(from, to).toHours();
    }

    private static Instant ceilHour(Instant t) {
        Instant down = t.truncatedTo(ChronoUnit.HOURS);
        return down.equals(t) ? t : down.plus(1, ChronoUnit.HOURS);
    }

    private static Instant bound(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        try {
            if (v.length() == 10) {
                return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw BrokerException.invalid(field, field + " must be an ISO date such as 2026-01-31 or an ISO instant"
                    + " such as 2026-01-31T08:00:00Z");
        }
    }
}
