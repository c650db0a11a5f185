package org.vdi.broker.domain.shared;

/**
 * Stable error codes that clients, scripts and the audit trail rely on. Each
 * code carries the HTTP status it maps to, so the one REST exception mapper
 * never has to guess; the code string never changes once released.
 */
public enum ErrorCode {
    INVALID_INPUT(400),
    INVALID_NAME(400),
    INVALID_PATH(400),
    UNAUTHENTICATED(401),
    FORBIDDEN(403),
    NOT_FOUND(404),
    CONFLICT(409),
    INVALID_STATE(409),
    /** The desktop is not running yet (starting, refreshing...): a console cannot open. */
    DESKTOP_NOT_READY(409),
    /** A console ticket that is unknown, forged or altered. */
    TICKET_INVALID(403),
    /** A console ticket past its expiry. */
    TICKET_EXPIRED(403),
    /** A console ticket that was already redeemed (tickets are single use). */
    TICKET_USED(403),
    /** The desktop's pool does not offer that console protocol (SPICE off, for one). */
    PROTOCOL_DISABLED(409),
    NO_DESKTOP_AVAILABLE(503),
    HOST_UNAVAILABLE(503),
    /** The identity provider's directory (Keycloak groups and roles) cannot be read right now. */
    DIRECTORY_UNAVAILABLE(503),
    HYPERVISOR_ERROR(502),
    INTERNAL_ERROR(500);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The code as clients see it, e.g. {@code no_desktop_available}. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
