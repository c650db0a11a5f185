package org.vdi.broker.domain.model.audit;

import java.time.Instant;

import org.vdi.broker.domain.shared.BrokerException;

/**
 * What an admin looks for in the audit trail. Every part is optional; text
 * parts match without regard to case.
 *
 * @param from   events at or after this instant
 * @param to     events before this instant
 * @param actor  the user name, exactly
 * @param type   an action ("pool.create"), an action family ("pool" matches
 *               "pool.create" and "pool.delete") or a target type ("desktop")
 * @param object a target id, exactly, or text found in the event's detail
 *               (where pool, desktop and host names are written)
 * @param limit  at most this many events, newest first (1 to {@link #MAX_LIMIT})
 */
public record AuditQuery(Instant from, Instant to, String actor, String type, String object, int limit) {

    public static final int DEFAULT_LIMIT = 500;
    public static final int MAX_LIMIT = 10_000;

    public AuditQuery {
        if (from != null && to != null && !from.isBefore(to)) {
            throw BrokerException.invalid("from", "from must be before to");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw BrokerException.invalid("limit", "limit must be between 1 and " + MAX_LIMIT);
        }
        actor = text("actor", actor, 255);
        type = text("type", type, 64);
        object = text("object", object, 255);
    }

    private static String text(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        if (v.length() > max) {
            throw BrokerException.invalid(field, field + " must be at most " + max + " characters");
        }
        // PostgreSQL refuses NUL in a query parameter; other control characters never occur in the trail
        if (v.chars().anyMatch(Character::isISOControl)) {
            throw BrokerException.invalid(field, field + " must not contain control characters");
        }
        return v;
    }
}
