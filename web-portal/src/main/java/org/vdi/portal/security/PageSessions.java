package org.vdi.portal.security;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

/**
 * The page session: who is signed in to it and which sign-ins it has started,
 * both kept as attributes of the HTTP session. A session lives
 * {@code vdi.session.idle-minutes} without use and at most
 * {@code vdi.session.max-hours} after sign-in, like the Keycloak session behind it.
 */
@ApplicationScoped
public class PageSessions {

    private static final Logger LOG = Logger.getLogger(PageSessions.class.getName());

    static final String USER = PageSessions.class.getName() + ".user";
    static final String LOGINS = PageSessions.class.getName() + ".logins";

    @Inject
    SignInSettings settings;

    @Inject
    SessionRegistry registry;

    @Inject
    RoleRecheck roles;

    @Inject
    Event<UserSignedOut> signedOut;

    private final Clock clock = Clock.systemUTC();

    /** The signed-in user of the request's session; never creates a session. */
    public Optional<SignedInUser> current(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return Optional.empty();
        }
        Object user;
        try {
            user = session.getAttribute(USER);
        } catch (IllegalStateException e) {
            return Optional.empty(); // invalidated meanwhile (back-channel logout)
        }
        if (!(user instanceof SignedInUser u)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (!now.isBefore(u.signedInAt().plus(settings.sessionMax()))) {
            invalidate(session);
            return Optional.empty();
        }
        Optional<SignedInUser> fresh;
        try {
            fresh = roles.fresh(session, u, now);
        } catch (IllegalStateException e) {
            return Optional.empty(); // invalidated meanwhile
        }
        if (fresh.isEmpty()) {
            // NOTE: observers first, as in a sign-out: the consoles close with their message
            try {
                signedOut.fire(new UserSignedOut(u.name(), u.sessionId(), u.subject(),
                        UserSignedOut.Cause.ROLE_CHECK));
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "An observer of the end of " + u.name() + "'s sign-in failed", e);
            }
            invalidate(session);
        }
        return fresh;
    }

    /** Remembers a sign-in this browser starts (creating the session). */
    void remember(HttpServletRequest request, LoginRequest login) {
        HttpSession session = request.getSession(true);
        // NOTE: two tabs may start at once; one short application-wide lock makes the
        // read-create-store of the attribute atomic (only sign-in starts take it).
        synchronized (this) {
            PendingLogins pending = session.getAttribute(LOGINS) instanceof PendingLogins p ? p : new PendingLogins();
            pending.add(login);
            session.setAttribute(LOGINS, pending); // set again, so session replication sees the change
        }
    }

    /** Takes the sign-in with this state out of the session, once. */
    Optional<LoginRequest> take(HttpServletRequest request, String state, Instant now) {
        HttpSession session = request.getSession(false);
        if (session == null || state == null) {
            return Optional.empty();
        }
        if (!(session.getAttribute(LOGINS) instanceof PendingLogins pending)) {
            return Optional.empty();
        }
        Optional<LoginRequest> found = pending.take(state, now);
        session.setAttribute(LOGINS, pending);
        return found;
    }

    /**
     * Signs the session in: a new session id first (no session fixation: an id
     * planted before sign-in is worthless after it), then the user.
     */
    void signIn(HttpServletRequest request, SignedInUser user) {
        request.changeSessionId();
        HttpSession session = request.getSession(false);
        session.setAttribute(USER, user);
        session.setMaxInactiveInterval((int) Math.min(Integer.MAX_VALUE, settings.sessionIdle().toSeconds()));
        registry.register(session, user);
    }

    /** Ends the request's session; returns who was signed in to it. */
    Optional<SignedInUser> signOut(HttpServletRequest request) {
        Optional<SignedInUser> user = current(request);
        HttpSession session = request.getSession(false);
        if (session != null) {
            invalidate(session);
        }
        return user;
    }

    static void invalidate(HttpSession session) {
        try {
            session.invalidate();
        } catch (IllegalStateException e) {
            // already invalidated: the outcome wanted
        }
    }
}
