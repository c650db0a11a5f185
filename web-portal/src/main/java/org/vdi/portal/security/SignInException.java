package org.vdi.portal.security;

/**
 * Signing in a page session did not work. The message is written for the person
 * at the browser (it is shown on the page), so it never carries token contents;
 * the cause, for the log, may.
 */
public class SignInException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What went wrong, which decides the HTTP status of the page that says so. */
    public enum Kind {
        /** The callback does not belong to a sign-in of this browser (unknown, used or expired state): 400. */
        STALE(400),
        /** Keycloak refused or the user cancelled: 403. */
        DENIED(403),
        /** Keycloak's answer was not acceptable (bad token): 502. */
        BAD_ANSWER(502),
        /** Keycloak cannot be reached, or sign-in is not configured: 503. */
        UNAVAILABLE(503);

        private final int status;

        Kind(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final Kind kind;

    public SignInException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public SignInException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
