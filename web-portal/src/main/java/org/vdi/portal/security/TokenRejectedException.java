package org.vdi.portal.security;

/**
 * A bearer token that is not acceptable. The reason is for logs and tests; the
 * client only learns that its token is invalid (401), never which check failed
 * beyond a short message, so a forger gets no oracle worth having.
 */
public class TokenRejectedException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a token was refused; one value per check, so tests can tell them apart. */
    public enum Reason {
        TOO_LARGE,
        MALFORMED,
        UNSUPPORTED_ALGORITHM,
        UNKNOWN_KEY,
        BAD_SIGNATURE,
        WRONG_ISSUER,
        WRONG_AUDIENCE,
        WRONG_TYPE,
        MISSING_CLAIM,
        EXPIRED,
        NOT_YET_VALID
    }

    private final Reason reason;

    public TokenRejectedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
