package org.vdi.portal.security;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.vdi.broker.application.Caller;

/**
 * Who is signed in to a page session, kept in the HTTP session: the access
 * token's user, realm roles and Keycloak groups as they were at sign-in, the
 * Keycloak session (sid) and subject that back-channel logout names, the ID token
 * for RP-initiated logout, and the session's CSRF token; the refresh token
 * with which {@link RoleRecheck} reads roles and groups anew, and when it last
 * did. Serializable, as session attributes must be for session persistence.
 */
public record SignedInUser(String name, List<String> roles, List<String> groups, String subject,
        String sessionId, String idToken, String csrfToken, Instant signedInAt, String refreshToken,
        Instant rolesCheckedAt) implements Serializable {

    public SignedInUser {
        Objects.requireNonNull(name, "name");
        roles = List.copyOf(roles);
        groups = List.copyOf(groups);
        Objects.requireNonNull(csrfToken, "csrfToken");
        Objects.requireNonNull(signedInAt, "signedInAt");
        if (rolesCheckedAt == null) {
            rolesCheckedAt = signedInAt;
        }
    }

    /** A user signed in now, without a refresh token (roles as at sign-in until the session ends). */
    public SignedInUser(String name, List<String> roles, List<String> groups, String subject, String sessionId,
            String idToken, String csrfToken, Instant signedInAt) {
        this(name, roles, groups, subject, sessionId, idToken, csrfToken, signedInAt, null, signedInAt);
    }

    /** The same sign-in with the roles and groups the realm gave at {@code at}. */
    public SignedInUser rechecked(List<String> newRoles, List<String> newGroups, String newRefreshToken,
            Instant at) {
        return new SignedInUser(name, newRoles, newGroups, subject, sessionId, idToken, csrfToken, signedInAt,
                newRefreshToken == null ? refreshToken : newRefreshToken, at);
    }

    /** The same roles, checked again no earlier than {@code at} plus the interval. */
    public SignedInUser checkAgainFrom(Instant at) {
        return new SignedInUser(name, roles, groups, subject, sessionId, idToken, csrfToken, signedInAt,
                refreshToken, at);
    }

    public Caller caller() {
        return new Caller(name, java.util.Set.copyOf(groups), java.util.Set.copyOf(roles));
    }

    @Override
    public String toString() {
        // no tokens in logs
        return "SignedInUser[" + name + ", sid=" + sessionId + "]";
    }
}
