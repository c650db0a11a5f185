package org.vdi.broker.domain.model.pool.schedule;

import org.vdi.broker.domain.shared.BrokerException;

/**
 * A wall-clock time of a rule's window as minutes since midnight, 0 to 1440:
 * an end of {@code 24:00} closes a window at midnight, which {@code LocalTime}
 * cannot say, and {@code 00:00}-{@code 24:00} is the whole day.
 */
final class WindowTime {

    static final int DAY_MINUTES = 24 * 60;

    private WindowTime() {
    }

    /** Parses {@code HH:MM} (00:00 to 24:00); a clear error on the field otherwise. */
    static int parse(String field, String text) {
        if (text == null || !text.strip().matches("\\d{2}:\\d{2}")) {
            throw BrokerException.invalid(field, field + " must be a time of day as HH:MM, such as 07:30");
        }
        String t = text.strip();
        int h = Integer.parseInt(t.substring(0, 2));
        int m = Integer.parseInt(t.substring(3));
        if (h > 24 || m > 59 || (h == 24 && m != 0)) {
            throw BrokerException.invalid(field, field + " " + t + " is not a time of day (00:00 to 24:00)");
        }
        return h * 60 + m;
    }

    static String format(int minutes) {
        return String.format("%02d:%02d", minutes / 60, minutes % 60);
    }
}
