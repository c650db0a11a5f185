package org.vdi.portal.security;

/**
 * A token (bearer, ID or logout token) that is not acceptable. The reason is for logs and tests; the
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
        NOT_YET_VALID,
        /** An ID token whose nonce is not the one of our sign-in request. */
        NONCE_MISMATCH,
        /** A claim with a value the token's kind does not allow (events, azp, at_hash, nonce). */
        INVALID_CLAIM
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
