package org.vdi.portal.logging;

import java.util.Locale;

/**
 * How the node writes its log: {@code text}, Payara's own format (the default,
 * for a person reading {@code ./vdi up}'s log in a terminal), or {@code json},
 * one JSON line per event (for production and the compose stack, where a
 * collector reads it). Set by {@code vdi.log.format} (VDI_LOG_FORMAT).
 */
public enum LogFormat {
    TEXT, JSON;

    public static final String PROPERTY = "vdi.log.format";

    /** Parses the setting; anything but text or json is refused with the setting's name. */
    public static LogFormat parse(String value) {
        if (value == null || value.isBlank()) {
            return TEXT;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "text" -> TEXT;
            case "json" -> JSON;
            default -> throw new IllegalArgumentException(PROPERTY + " (VDI_LOG_FORMAT) must be text or json, not '"
                    + value.strip() + "'");
        };
    }
}
