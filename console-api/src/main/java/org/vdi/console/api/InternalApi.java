package org.vdi.console.api;

/**
 * Where the broker serves {@link ConsoleBroker} over HTTP, for console-proxy
 * nodes: paths under the portal's {@value #BASE}, each a POST of the JSON that
 * {@link ConsoleJson} writes, every one with the shared key in
 * {@value #KEY_HEADER}. Errors are {@code {"code", "message"}} with a
 * {@link Refusal} code.
 */
public final class InternalApi {

    public static final String KEY_HEADER = "X-VDI-Proxy-Key";
    /** The configuration both sides read the shared key from, and its environment variable. */
    public static final String KEY_PROPERTY = "vdi.proxy.key";
    public static final String KEY_VARIABLE = "VDI_PROXY_KEY";
    public static final String BASE = "/api/v1/internal";
    public static final String REDEEM = "console-tickets/redeem";
    public static final String REFUSE = "console-tickets/refuse";
    /** With the session id in place of {@code {id}}. */
    public static final String END = "console-sessions/{id}/end";
    public static final String POLL = "console-sessions/poll";

    private InternalApi() {
    }

    /** The path of a session's end report, relative to {@link #BASE}. */
    public static String end(java.util.UUID sessionId) {
        return END.replace("{id}", sessionId.toString());
    }
}
