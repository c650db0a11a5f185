package org.vdi.portal.rest;

import java.util.Locale;

import org.vdi.broker.domain.shared.BrokerException;

/** The API spells enum values in lower case ("linked", "floating"); these convert both ways. */
final class ApiEnums {

    private ApiEnums() {
    }

    static String out(Enum<?> e) {
        return e == null ? null : e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static <E extends Enum<E>> E in(Class<E> type, String field, String value, E fallback) {
        if (value == null || value.isBlank()) {
            if (fallback == null) {
                throw BrokerException.invalid(field, field + " is required");
            }
            return fallback;
        }
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            StringBuilder allowed = new StringBuilder();
            for (E c : type.getEnumConstants()) {
                allowed.append(allowed.length() == 0 ? "" : ", ").append(out(c));
            }
            throw BrokerException.invalid(field, field + " must be one of: " + allowed);
        }
    }
}
