package org.vdi.portal.security;

/** A verified back-channel logout token: the Keycloak session and/or user that ended. */
public record LogoutToken(String subject, String sessionId) {
}
