package org.vdi.portal.security;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpSession;

/**
 * Keeps a page session's roles and groups no older than
 * {@code vdi.session.role-check-seconds} (300): when they are due, the session's
 * refresh token fetches a new access token from the realm and its roles and groups
 * replace the old ones, so removing {@code vdi-admin} (or a group) in Keycloak takes
 * effect within that time, not at the session's maximum age. When the realm says
 * the sign-in is over (the Keycloak session ended, the user was disabled), the page
 * session ends. When the realm cannot be reached, the roles stay as they were and
 * the check is tried again a minute later, so an outage of Keycloak neither signs
 * everyone out nor sends a refresh per request.
 */
@ApplicationScoped
public class RoleRecheck {

    private static final Logger LOG = Logger.getLogger(RoleRecheck.class.getName());

    /** How long after a failed check (the realm unreachable) the next one is tried. */
    static final long RETRY_SECONDS = 60;

    @Inject
    SignInSettings settings;

    @Inject
    AccessTokenVerifier accessTokens;

    private TokenEndpoint tokens;

    // NOTE: one refresh per session at a time (a page sends several requests at once);
    // a fixed set of locks chosen by the session id, so nothing grows with the sessions
    private final Object[] locks = new Object[64];

    @PostConstruct
    void init() {
        tokens = new TokenEndpoint(settings.endpoints().token());
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
    }

    /**
     * The session's user with roles no older than the interval (refreshed and stored in
     * the session when they were due), or empty when the realm ended the sign-in.
     */
    Optional<SignedInUser> fresh(HttpSession session, SignedInUser user, Instant now) {
        if (!due(user, now)) {
            return Optional.of(user);
        }
        synchronized (locks[Math.floorMod(session.getId().hashCode(), locks.length)]) {
            SignedInUser u = session.getAttribute(PageSessions.USER) instanceof SignedInUser s ? s : user;
            if (!due(u, now)) {
                return Optional.of(u); // another request of the session checked meanwhile
            }
            Optional<SignedInUser> next = check(u, now);
            next.ifPresent(n -> session.setAttribute(PageSessions.USER, n));
            return next;
        }
    }

    private boolean due(SignedInUser u, Instant now) {
        return u.refreshToken() != null && !now.isBefore(u.rolesCheckedAt().plus(settings.roleCheck()));
    }

    private Optional<SignedInUser> check(SignedInUser u, Instant now) {
        String secret = settings.clientSecret().orElse(null);
        if (secret == null) {
            return Optional.of(u.checkAgainFrom(now.plusSeconds(RETRY_SECONDS)));
        }
        try {
            TokenEndpoint.Tokens t = tokens.refresh(u.refreshToken(), settings.clientId(), secret);
            AccessToken access = AccessToken.of(accessTokens.claims(t.accessToken()));
            if (!access.name().equals(u.name())) {
                LOG.log(Level.WARNING, "The realm renewed {0}''s sign-in for {1}: the page session ends",
                        new Object[] {u.name(), access.name()});
                return Optional.empty();
            }
            List<String> roles = List.copyOf(new java.util.TreeSet<>(access.roles()));
            List<String> groups = List.copyOf(new java.util.TreeSet<>(access.groups()));
            if (!roles.equals(List.copyOf(new java.util.TreeSet<>(u.roles())))
                    || !groups.equals(List.copyOf(new java.util.TreeSet<>(u.groups())))) {
                LOG.log(Level.INFO, "{0}''s roles and groups changed in the realm: roles {1} -> {2}, groups {3} -> {4}",
                        new Object[] {u.name(), u.roles(), roles, u.groups(), groups});
            }
            return Optional.of(u.rechecked(roles, groups, t.refreshToken(), now));
        } catch (SignInException e) {
            if (e.kind() == SignInException.Kind.STALE) {
                LOG.log(Level.INFO, "{0}''s sign-in has ended in the realm ({1}): the page session ends",
                        new Object[] {u.name(), e.getMessage()});
                return Optional.empty();
            }
            return keep(u, now, e.getMessage());
        } catch (TokenRejectedException | SigningKeysUnavailableException e) {
            return keep(u, now, e.getMessage());
        }
    }

    private Optional<SignedInUser> keep(SignedInUser u, Instant now, String why) {
        LOG.log(Level.WARNING, "Cannot check {0}''s roles with the realm ({1}); they stay as they were, tried"
                + " again in {2} s", new Object[] {u.name(), why, RETRY_SECONDS});
        // the next check a minute from now: checked-at set so that it falls due then
        return Optional.of(u.checkAgainFrom(now.plusSeconds(RETRY_SECONDS).minus(settings.roleCheck())));
    }
}
