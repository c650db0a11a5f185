package org.vdi.portal.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * One JSON object per log event, on one line, for log collectors (Loki,
 * Elasticsearch, CloudWatch): {@code timestamp} (ISO-8601, UTC), {@code level},
 * {@code logger}, {@code message} (with its parameters filled in), and where
 * known {@code thrown} (the stack trace as text), {@code requestId},
 * {@code user} and {@code desktopId} of the HTTP request being served (see
 * {@link LogContext}). A stack trace or a message with line breaks stays one
 * line: every control character is escaped.
 *
 * <p>NOTE: formats on the thread that logs (java.util.logging's
 * ConsoleHandler, which Payara Micro logs through, formats in publish), which is
 * what lets the request's fields be read here.
 */
public class JsonLogFormatter extends Formatter {

    @Override
    public String format(LogRecord record) {
        StringBuilder out = new StringBuilder(256);
        out.append('{');
        field(out, "timestamp", Instant.ofEpochMilli(record.getMillis()).toString());
        out.append(',');
        field(out, "level", record.getLevel().getName());
        out.append(',');
        field(out, "logger", record.getLoggerName());
        out.append(',');
        field(out, "message", formatMessage(record));
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            out.append(',');
            field(out, "thrown", trace.toString());
        }
        LogContext.current().ifPresent(c -> {
            optional(out, "requestId", c.requestId());
            optional(out, "user", c.user());
            optional(out, "desktopId", c.desktopId());
        });
        return out.append('}').append('\n').toString();
    }

    private static void optional(StringBuilder out, String name, String value) {
        if (value != null) {
            out.append(',');
            field(out, name, value);
        }
    }

    private static void field(StringBuilder out, String name, String value) {
        quote(out, name);
        out.append(':');
        if (value == null) {
            out.append("null");
        } else {
            quote(out, value);
        }
    }

    /** A JSON string: quotes, backslashes and every control character escaped. */
    static void quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
