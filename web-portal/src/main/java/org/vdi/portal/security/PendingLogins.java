package org.vdi.portal.security;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * The sign-ins a browser session has started and not finished, kept in the HTTP
 * session. Several may be in flight (two tabs both sent to the sign-in page); the
 * oldest is dropped beyond {@link #MAX}, and each is good for {@link #LIFETIME}
 * and exactly one callback.
 */
public final class PendingLogins implements Serializable {

    private static final long serialVersionUID = 1L;

    static final int MAX = 5;
    /** Keycloak's own limit for the sign-in page (accessCodeLifespanLogin) is 30 minutes. */
    static final Duration LIFETIME = Duration.ofMinutes(30);

    private final List<LoginRequest> requests = new ArrayList<>();

    // NOTE: the same session may serve two requests at once (two tabs); the methods
    // are synchronized so that a state can be taken only once.
    public synchronized void add(LoginRequest r) {
        requests.add(r);
        while (requests.size() > MAX) {
            requests.remove(0);
        }
    }

    /**
     * The request with this state, removed so it cannot be used again; empty when
     * the state is unknown or its request has expired. Every stored state is
     * compared in constant time.
     */
    public synchronized Optional<LoginRequest> take(String state, Instant now) {
        requests.removeIf(r -> !now.isBefore(r.startedAt().plus(LIFETIME)));
        LoginRequest found = null;
        for (Iterator<LoginRequest> it = requests.iterator(); it.hasNext();) {
            LoginRequest r = it.next();
            if (SecureTokens.equal(r.state(), state) && found == null) {
                found = r;
                it.remove();
            }
        }
        return Optional.ofNullable(found);
    }

    public synchronized int size() {
        return requests.size();
    }
}
