package org.vdi.portal.security;

/**
 * The realm's signing keys could not be had (Keycloak down, bad answer). This is
 * our fault or the identity provider's, not the client's: it becomes a 503, never
 * a 401 that would make clients throw away good tokens.
 */
public class SigningKeysUnavailableException extends Exception {

    private static final long serialVersionUID = 1L;

    public SigningKeysUnavailableException(String message) {
        super(message);
    }

    public SigningKeysUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
