package org.vdi.portal.security;

import java.time.Clock;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.nimbusds.jwt.JWTClaimsSet;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.vdi.portal.config.OidcSettings;

/**
 * The portal's one verifier of access tokens, wired to the configured realm:
 * issuer {@code vdi.oidc.issuer}, the realm's keys ({@link RealmSigningKeys}), and
 * the audience {@code vdi.oidc.audience} (VDI_OIDC_AUDIENCE), default
 * {@code vdi-portal}, which the realm's audience mapper puts into the tokens of
 * both clients. Bearer requests and the page sign-in (which keeps the access
 * token's claims) both go through it.
 */
@ApplicationScoped
public class AccessTokenVerifier {

    static final String JWKS_PATH = OidcEndpoints.JWKS_PATH;

    @Inject
    OidcSettings oidc;

    @Inject
    RealmSigningKeys keys;

    @Inject
    @ConfigProperty(name = "vdi.oidc.audience", defaultValue = "vdi-portal")
    String audience;

    // NOTE: one instance for the application, shared by all request threads; it is
    // immutable and the key cache behind it is thread-safe.
    private JwtVerifier verifier;

    @PostConstruct
    void init() {
        verifier = new JwtVerifier(oidc.issuer(), audience, keys, Clock.systemUTC());
    }

    /** The signed-in user the token stands for. */
    public AccessToken verify(String token) throws TokenRejectedException, SigningKeysUnavailableException {
        return AccessToken.of(verifier.verify(token));
    }

    /** All verified claims, for sign-in, which also compares subject and session with the ID token. */
    JWTClaimsSet claims(String token) throws TokenRejectedException, SigningKeysUnavailableException {
        return verifier.verify(token);
    }
}
