package org.vdi.portal.security;

import java.util.Map;
import java.util.Objects;

import com.nimbusds.jwt.JWTClaimsSet;

import org.vdi.portal.security.TokenRejectedException.Reason;

/**
 * Checks a back-channel logout token (OpenID Connect Back-Channel Logout 1.0,
 * 2.6) on top of the signature, issuer, audience (our client id), type "Logout"
 * and times that {@link JwtVerifier} checks: the {@code events} claim must hold
 * the back-channel logout event, the token must name a session ({@code sid}) or
 * a user ({@code sub}), and it must not carry a nonce, so that an ID token can
 * never be replayed as a logout token.
 */
public final class LogoutTokenVerifier {

    public static final String BACKCHANNEL_LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";

    private final JwtVerifier verifier;

    /** @param verifier a verifier for type {@link JwtVerifier#LOGOUT_TOKEN} and audience our client id */
    public LogoutTokenVerifier(JwtVerifier verifier) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
    }

    public LogoutToken verify(String token) throws TokenRejectedException, SigningKeysUnavailableException {
        JWTClaimsSet claims = verifier.verify(token);
        if (!(claims.getClaim("events") instanceof Map<?, ?> events)) {
            throw new TokenRejectedException(Reason.MISSING_CLAIM, "the logout token has no events object");
        }
        if (!(events.get(BACKCHANNEL_LOGOUT_EVENT) instanceof Map)) {
            throw new TokenRejectedException(Reason.INVALID_CLAIM, "the logout token lacks the event "
                    + BACKCHANNEL_LOGOUT_EVENT);
        }
        if (claims.getClaims().containsKey("nonce")) {
            throw new TokenRejectedException(Reason.INVALID_CLAIM, "a logout token must not carry a nonce");
        }
        String sid = nonEmpty(claims, "sid");
        String sub = nonEmpty(claims, "sub");
        if (sid == null && sub == null) {
            throw new TokenRejectedException(Reason.MISSING_CLAIM, "the logout token names neither sid nor sub");
        }
        return new LogoutToken(sub, sid);
    }

    private static String nonEmpty(JWTClaimsSet claims, String name) {
        return claims.getClaim(name) instanceof String s && !s.isEmpty() ? s : null;
    }
}
