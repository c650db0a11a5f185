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
 * for RP-initiated logout, and the session's CSRF token. Serializable, as
 * session attributes must be for session persistence.
 */
public record SignedInUser(String name, List<String> roles, List<String> groups, String subject,
        String sessionId, String idToken, String csrfToken, Instant signedInAt) implements Serializable {

    public SignedInUser {
        Objects.requireNonNull(name, "name");
        roles = List.copyOf(roles);
        groups = List.copyOf(groups);
        Objects.requireNonNull(csrfToken, "csrfToken");
        Objects.requireNonNull(signedInAt, "signedInAt");
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
