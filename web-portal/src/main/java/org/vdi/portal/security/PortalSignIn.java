package org.vdi.portal.security;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;

import com.nimbusds.jwt.JWTClaimsSet;

import org.vdi.portal.security.SignInException.Kind;
import org.vdi.portal.security.UserSignedOut.Cause;

/**
 * The page sign-in with the realm: the OpenID Connect authorization code flow
 * with PKCE for a confidential client, RP-initiated logout, and back-channel
 * logout. Not Jakarta Security's OpenID mechanism: the application has exactly
 * one authentication mechanism ({@link PortalAuthenticationMechanism}), which
 * reads what this class keeps in the session ({@link PageSessions}).
 */
@ApplicationScoped
public class PortalSignIn {

    private static final Logger LOG = Logger.getLogger(PortalSignIn.class.getName());

    static final String CALLBACK_PATH = "/auth/callback";
    static final String SIGNED_OUT_PATH = "/auth/signed-out";

    @Inject
    SignInSettings settings;

    @Inject
    PageSessions sessions;

    @Inject
    RealmSigningKeys keys;

    @Inject
    AccessTokenVerifier accessTokens;

    @Inject
    SessionRegistry registry;

    @Inject
    Event<UserSignedOut> signedOut;

    private final Clock clock = Clock.systemUTC();
    private IdTokenVerifier idTokens;
    private LogoutTokenVerifier logoutTokens;
    private TokenEndpoint tokenEndpoint;

    @PostConstruct
    void init() {
        idTokens = new IdTokenVerifier(new JwtVerifier(settings.issuer(), settings.clientId(), JwtVerifier.ID_TOKEN,
                keys, clock), settings.clientId());
        logoutTokens = new LogoutTokenVerifier(new JwtVerifier(settings.issuer(), settings.clientId(),
                JwtVerifier.LOGOUT_TOKEN, keys, clock));
        tokenEndpoint = new TokenEndpoint(settings.endpoints().token());
        if (settings.clientSecret().isEmpty()) {
            LOG.warning("No client secret for the page sign-in (vdi.oidc.client-secret or VDI_PORTAL_CLIENT_SECRET):"
                    + " pages cannot sign in; the REST API still takes bearer tokens");
        }
    }

    /**
     * Starts a sign-in: remembers a fresh state, nonce and PKCE verifier in the
     * session and answers where to send the browser.
     */
    public URI begin(HttpServletRequest request, String next) throws SignInException {
        secret();
        LoginRequest login = LoginRequest.start(next, clock.instant());
        sessions.remember(request, login);
        return login.authorizationUri(settings.endpoints().authorization(), settings.clientId(),
                callbackUri(request));
    }

    /**
     * Finishes a sign-in from the realm's redirect: the state must be one this
     * session started, the code is redeemed with the PKCE verifier and the client
     * secret, and the ID token must carry our nonce. Returns the local path to
     * continue to.
     */
    public String complete(HttpServletRequest request, String state, String code) throws SignInException {
        Instant now = clock.instant();
        LoginRequest login = sessions.take(request, state, now).orElseThrow(() -> new SignInException(Kind.STALE,
                "this sign-in was not started here, was already completed, or took too long"));
        if (code == null || code.isBlank()) {
            throw new SignInException(Kind.BAD_ANSWER, "the sign-in service sent no authorization code");
        }
        TokenEndpoint.Tokens tokens = tokenEndpoint.exchange(code, login.codeVerifier(), callbackUri(request),
                settings.clientId(), secret());
        SignedInUser user;
        try {
            IdToken id = idTokens.verify(tokens.idToken(), login.nonce(), tokens.accessToken());
            JWTClaimsSet claims = accessTokens.claims(tokens.accessToken());
            AccessToken access = AccessToken.of(claims);
            String accessSubject = claims.getSubject();
            if (accessSubject != null && !accessSubject.equals(id.subject())) {
                throw new TokenRejectedException(TokenRejectedException.Reason.INVALID_CLAIM,
                        "the access token and the ID token name different users");
            }
            user = new SignedInUser(access.name(), List.copyOf(access.roles()), List.copyOf(access.groups()),
                    id.subject(), id.sessionId(), id.raw(), SecureTokens.random(32), now, tokens.refreshToken(),
                    now);
        } catch (TokenRejectedException e) {
            LOG.log(Level.WARNING, "Sign-in refused: the realm''s tokens did not verify ({0}): {1}",
                    new Object[] {e.reason(), e.getMessage()});
            throw new SignInException(Kind.BAD_ANSWER, "the sign-in service's answer could not be verified", e);
        } catch (SigningKeysUnavailableException e) {
            throw new SignInException(Kind.UNAVAILABLE, "the sign-in service cannot be reached right now", e);
        }
        sessions.signIn(request, user);
        LOG.log(Level.INFO, "{0} signed in to the portal (Keycloak session {1})",
                new Object[] {user.name(), user.sessionId()});
        return login.next();
    }

    /**
     * Signs the request's session out and answers where to send the browser:
     * Keycloak's end-session endpoint, which ends the single sign-on session too
     * and comes back to the signed-out page.
     */
    public URI signOut(HttpServletRequest request) {
        // NOTE: observers first, then the page session ends: the consoles close with their message
        // before the WebSocket container closes them, wordlessly, with the session
        Optional<SignedInUser> user = sessions.current(request);
        user.ifPresent(u -> announce(new UserSignedOut(u.name(), u.sessionId(), u.subject(), Cause.PORTAL)));
        sessions.signOut(request);
        String back = baseUri(request) + SIGNED_OUT_PATH;
        if (user.isEmpty()) {
            return URI.create(back);
        }
        SignedInUser u = user.get();
        LOG.log(Level.INFO, "{0} signed out of the portal", u.name());
        URI endSession = settings.endpoints().endSession();
        return URI.create(endSession + "?client_id=" + enc(settings.clientId())
                + "&id_token_hint=" + enc(u.idToken())
                + "&post_logout_redirect_uri=" + enc(back));
    }

    /**
     * Back-channel logout: Keycloak says a session (or all of a user's) ended;
     * every page session of it ends here too, and observers close its consoles.
     *
     * @return how many page sessions ended
     */
    public int backchannelLogout(String logoutToken) throws TokenRejectedException, SigningKeysUnavailableException {
        LogoutToken token = logoutTokens.verify(logoutToken);
        List<SessionRegistry.Found> found = registry.find(token.sessionId(), token.subject());
        Set<String> announced = new HashSet<>();
        for (SessionRegistry.Found f : found) {
            // observers first, as in signOut
            if (announced.add(f.user() + "\u0000" + f.sid())) {
                announce(new UserSignedOut(f.user(), f.sid(), f.subject(), Cause.IDENTITY_PROVIDER));
            }
            PageSessions.invalidate(f.session());
        }
        if (found.isEmpty()) {
            announce(new UserSignedOut(null, token.sessionId(), token.subject(), Cause.IDENTITY_PROVIDER));
        }
        LOG.log(Level.INFO, "Back-channel logout of Keycloak session {0} (subject {1}): {2} page session(s) ended",
                new Object[] {token.sessionId(), token.subject(), found.size()});
        return found.size();
    }

    /** Observers must not make sign-out fail: what they break is theirs to log. */
    private void announce(UserSignedOut e) {
        try {
            signedOut.fire(e);
        } catch (RuntimeException ex) {
            LOG.log(Level.SEVERE, "An observer of " + e + " failed", ex);
        }
    }

    /** The portal's address as the browser knows it, without a trailing slash. */
    public String baseUri(HttpServletRequest request) {
        return settings.publicUrl().map(URI::toString).orElseGet(() -> {
            String scheme = request.getScheme();
            int port = request.getServerPort();
            boolean defaultPort = ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
            return scheme + "://" + request.getServerName() + (defaultPort ? "" : ":" + port)
                    + request.getContextPath();
        });
    }

    private String callbackUri(HttpServletRequest request) {
        return baseUri(request) + CALLBACK_PATH;
    }

    private String secret() throws SignInException {
        return settings.clientSecret().orElseThrow(() -> new SignInException(Kind.UNAVAILABLE,
                "sign-in is not configured on this server (no client secret)"));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
