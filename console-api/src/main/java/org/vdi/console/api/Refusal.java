package org.vdi.console.api;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every reason a console is refused or closed for, in one place: the stable
 * code the broker's internal API and the session records use, the Guacamole
 * status the tunnel reports (the numbers of guacamole-common's
 * {@code GuacamoleStatus}), the WebSocket close code Guacamole pairs with that
 * status, the HTTP status the broker answers with, and the words its user reads
 * when nothing more specific is known.
 *
 * <p>The first group are the broker's error codes (its {@code ErrorCode}, in
 * the same spelling), as console-proxy receives them when it redeems a ticket;
 * the rest are console-proxy's own. {@link #passesOn()} says whether the other
 * side's message may reach the user: the broker's words about a ticket ("this
 * console ticket was already used") help people; its words about a missing key
 * or a database fault do not, and people read the plain message instead.
 *
 * <p>Codes never change once released: scripts and the audit trail match them.
 */
public enum Refusal {

    // the broker's codes
    TICKET_INVALID("ticket_invalid", 0x0301, 1008, 403, true, "this console ticket is not valid; open the console"
            + " again from the portal"),
    TICKET_EXPIRED("ticket_expired", 0x0301, 1008, 403, true, "this console ticket has expired; open the console"
            + " again from the portal"),
    TICKET_USED("ticket_used", 0x0301, 1008, 403, true, "this console ticket was already used; open the console"
            + " again from the portal"),
    FORBIDDEN("forbidden", 0x0303, 1008, 403, true, "this desktop is not yours"),
    PROTOCOL_DISABLED("protocol_disabled", 0x0303, 1008, 409, true, "this kind of console is off for the desktop's"
            + " pool"),
    DESKTOP_NOT_READY("desktop_not_ready", 0x0208, 1011, 409, true, "the desktop is not running yet; try again in a"
            + " moment"),
    INVALID_STATE("invalid_state", 0x0208, 1011, 409, true, "the desktop cannot take a console now; try again in a"
            + " moment"),
    CONFLICT("conflict", 0x0208, 1011, 409, true, "the desktop is busy; try again in a moment"),
    NOT_FOUND("not_found", 0x0204, 1002, 404, true, "the desktop no longer exists"),
    NO_DESKTOP_AVAILABLE("no_desktop_available", 0x0208, 1011, 503, true, "no desktop is available; try again"
            + " later"),
    HOST_UNAVAILABLE("host_unavailable", 0x0203, 1011, 503, true, "the desktop's host cannot be reached; try again"
            + " in a moment"),
    HYPERVISOR_ERROR("hypervisor_error", 0x0203, 1011, 502, true, "the desktop's display cannot be opened; try"
            + " again in a moment"),
    INVALID_INPUT("invalid_input", 0x0300, 1002, 400, true, "the console request is invalid"),
    INVALID_NAME("invalid_name", 0x0300, 1002, 400, true, "the console request is invalid"),
    INVALID_PATH("invalid_path", 0x0300, 1002, 400, true, "the console request is invalid"),
    /** The broker rejected console-proxy's key: a fault of the setup, not of the user. */
    UNAUTHENTICATED("unauthenticated", 0x0200, 1011, 401, false, Words.BROKER_UNREACHABLE),
    DIRECTORY_UNAVAILABLE("directory_unavailable", 0x0200, 1011, 503, false, Words.BROKER_UNREACHABLE),
    INTERNAL_ERROR("internal_error", 0x0200, 1011, 500, false, Words.BROKER_UNREACHABLE),
    /** No shared key (VDI_PROXY_KEY) on one side: consoles cannot open until it is set. */
    NOT_CONFIGURED("not_configured", 0x0200, 1011, 503, false, Words.BROKER_UNREACHABLE),

    // console-proxy's own
    /** The broker did not answer, or answered what the contract does not know. */
    UNREACHABLE("unreachable", 0x0200, 1011, 502, false, Words.BROKER_UNREACHABLE),
    HANDSHAKE_UNCHECKED("handshake_unchecked", 0x0303, 1008, 403, true, "the console request could not be checked;"
            + " open the console again"),
    MISCONFIGURED("misconfigured", 0x0200, 1011, 500, false, "the console service is misconfigured"),
    ORIGIN_NOT_ALLOWED("origin_not_allowed", 0x0303, 1008, 403, true, "consoles cannot be opened from this page"
            + " (origin not allowed)"),
    NO_TICKET("no_ticket", 0x0301, 1008, 403, true, "no console ticket; open the console from the portal"),
    /** A SPICE ticket at the Guacamole tunnel, or the other way round. */
    WRONG_PROTOCOL("wrong_protocol", 0x0300, 1002, 400, true, "this console ticket is for another kind of console"),
    TOO_MANY_CONSOLES("too_many_consoles", 0x031D, 1008, 429, true, "you have too many consoles open; close one"
            + " first"),
    /** Too many refused tickets from one address in a minute: more are refused unseen for a while. */
    TOO_MANY_REFUSALS("too_many_refusals", 0x031D, 1008, 429, true, "too many console attempts were refused from"
            + " this address; wait a minute and open the console again from the portal"),
    /** A further SPICE channel came while the first still redeemed the ticket. */
    SESSION_OPENING("session_opening", 0x0301, 1008, 403, true, "this SPICE session is still opening; try again"),
    /** A SPICE channel that may not join its session (ended, another browser, too many, a second main). */
    CHANNEL_REFUSED("channel_refused", 0x0303, 1008, 403, true, "this SPICE session takes no more channels"),
    NOT_SPICE("not_spice", 0x0300, 1002, 400, true, "not a SPICE client"),
    INSTRUCTION_TOO_LARGE("instruction_too_large", 0x030D, 1009, 413, true, "the console was closed: the browser"
            + " sent an instruction that is too long"),
    INSTRUCTION_MALFORMED("instruction_malformed", 0x0300, 1002, 400, true, "the console was closed: the browser"
            + " sent a malformed instruction"),
    IDLE_TIMEOUT("idle_timeout", 0x020A, 1002, 408, true, "closed after a while without input"),
    /** The broker ordered the close: an administrator terminated the session, or the desktop went. */
    TERMINATED("terminated", 0x020B, 1002, 404, true, "closed by the broker"),
    RESTARTING("restarting", 0x0201, 1008, 503, true, "the console service is restarting; reconnect in a moment"),
    /**
     * guacd cannot be reached, went away in the middle of a console (killed, restarted), or
     * answered a protocol version console-proxy does not speak: the fault is the console
     * service's, not the desktop's, and the user can do nothing but try again later.
     */
    CONSOLE_SERVICE_UNAVAILABLE("console_service_unavailable", 0x0200, 1011, 503, false, "the console service is"
            + " unavailable; try again in a moment"),
    DISPLAY_UNREACHABLE("display_unreachable", 0x0203, 1011, 502, true, "the desktop's display cannot be reached;"
            + " try again in a moment"),
    UPSTREAM_FAILED("upstream_failed", 0x0203, 1011, 502, true, "the connection to the desktop failed"),
    WEBSOCKET_FAILED("websocket_failed", 0x0200, 1011, 500, true, "the console connection failed"),
    CONSOLE_FAILED("console_failed", 0x0200, 1011, 500, true, "the console failed; try again");

    private static final Map<String, Refusal> BY_CODE = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(Refusal::code, Function.identity()));

    private final String code;
    private final int guacamoleStatus;
    private final int webSocketCode;
    private final int httpStatus;
    private final boolean passesOn;
    private final String message;

    Refusal(String code, int guacamoleStatus, int webSocketCode, int httpStatus, boolean passesOn, String message) {
        this.code = code;
        this.guacamoleStatus = guacamoleStatus;
        this.webSocketCode = webSocketCode;
        this.httpStatus = httpStatus;
        this.passesOn = passesOn;
        this.message = message;
    }

    /** The stable code, as the JSON error and the records carry it. */
    public String code() {
        return code;
    }

    /** The Guacamole protocol status (guacamole-common's {@code GuacamoleStatus} number). */
    public int guacamoleStatus() {
        return guacamoleStatus;
    }

    /** The WebSocket close code Guacamole's tunnel pairs with that status. */
    public int webSocketCode() {
        return webSocketCode;
    }

    /** The HTTP status of the broker's answer with this code. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Whether a message from the other side may be shown to the user as it is. */
    public boolean passesOn() {
        return passesOn;
    }

    /** The words for people when no more specific message is known. */
    public String message() {
        return message;
    }

    /** What the user reads: {@code detail} when it may pass on and says something, else {@link #message()}. */
    public String forPeople(String detail) {
        return passesOn && detail != null && !detail.isBlank() ? detail : message;
    }

    /** The refusal with this code; empty for a code this contract does not know. */
    public static Optional<Refusal> fromCode(String code) {
        return Optional.ofNullable(code == null ? null : BY_CODE.get(code));
    }

    /** Words several refusals share. */
    private static final class Words {
        static final String BROKER_UNREACHABLE = "the console service cannot reach the broker right now; try again"
                + " in a moment";
    }
}
