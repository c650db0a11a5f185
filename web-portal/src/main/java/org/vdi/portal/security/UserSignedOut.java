package org.vdi.portal.security;

/**
 * A CDI event: a user's sign-in session ended on purpose, so whatever hangs on
 * it (open consoles, unredeemed console tickets) should end too. Fired
 * synchronously, once per portal session that ended, and once with a null
 * {@code user} when Keycloak ended a session this portal node holds no page
 * session for (it may still have consoles bound to that {@code sessionId}).
 * Not fired when a page session merely times out.
 *
 * @param user      the user name (preferred_username), or null when unknown
 * @param sessionId the Keycloak session id ({@code sid}), or null when the logout named only the user
 * @param subject   the Keycloak user id ({@code sub}), or null when unknown
 * @param cause     who ended it
 */
public record UserSignedOut(String user, String sessionId, String subject, Cause cause) {

    public enum Cause {
        /** The user pressed "Sign out" in the portal. */
        PORTAL,
        /** Keycloak ended the session (sign-out elsewhere, an admin, session limits): back-channel logout. */
        IDENTITY_PROVIDER,
        /** The periodic role check found the sign-in over in Keycloak (user disabled, session ended). */
        ROLE_CHECK
    }
}
