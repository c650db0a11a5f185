package org.vdi.portal.logging;

import java.util.Optional;

/**
 * What a log line of the current thread says about the HTTP request it serves:
 * the request id, the signed-in user and the desktop, where known (the
 * equivalent of an MDC; java.util.logging has none).
 *
 * <p>NOTE: this is a thread-local on purpose, the one piece of static state of
 * the logging: {@link JsonLogFormatter} is created outside CDI (it sits on the
 * server's JUL handler) and formats on the thread that logs, which is the only
 * thing that links a log record to its request. {@link RequestIdFilter} sets it
 * at the start of a request and clears it at the end, on the same thread, so a
 * pooled thread never carries one request's id into the next.
 */
public final class LogContext {

    private static final ThreadLocal<Fields> CURRENT = new ThreadLocal<>();

    private LogContext() {
    }

    /** The request's fields, for one thread; any of them may be null. */
    public record Fields(String requestId, String user, String desktopId) {
    }

    static void set(Fields fields) {
        CURRENT.set(fields);
    }

    static void clear() {
        CURRENT.remove();
    }

    /** The fields of the request this thread serves, if it serves one. */
    public static Optional<Fields> current() {
        return Optional.ofNullable(CURRENT.get());
    }
}
