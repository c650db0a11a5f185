package org.vdi.console.api;

/**
 * Where the broker serves {@link ConsoleBroker} over HTTP, for console-proxy
 * nodes of their own: paths under {@value #BASE} on the broker's internal
 * listener ({@value #LISTEN_PROPERTY}), never on the portal's public one; each
 * a POST of the JSON that {@link ConsoleJson} writes, signed with the shared
 * key ({@link RequestSignature}). Errors are {@code {"code", "message"}} with a
 * {@link Refusal} code. A console-proxy inside the portal's own application
 * calls the broker in-process and uses none of this.
 */
public final class InternalApi {

    /** The configuration both sides read the shared key from, and its environment variable. */
    public static final String KEY_PROPERTY = "vdi.proxy.key";
    public static final String KEY_VARIABLE = "VDI_PROXY_KEY";
    /** Where the broker's internal listener binds ({@code host:port}); unset, there is none. */
    public static final String LISTEN_PROPERTY = "vdi.internal.listen";
    public static final String LISTEN_VARIABLE = "VDI_INTERNAL_LISTEN";
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
