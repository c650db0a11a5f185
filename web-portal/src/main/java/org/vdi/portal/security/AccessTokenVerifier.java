package org.vdi.portal.security;

import java.net.URI;
import java.time.Clock;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.vdi.portal.config.OidcSettings;

/**
 * The portal's one verifier of bearer tokens, wired to the configured realm:
 * issuer {@code vdi.oidc.issuer}, keys from the issuer's JWKS endpoint, and the
 * audience {@code vdi.oidc.audience} (VDI_OIDC_AUDIENCE), default
 * {@code vdi-portal}, which the realm's audience mapper puts into the tokens of
 * both clients.
 */
@ApplicationScoped
public class AccessTokenVerifier {

    static final String JWKS_PATH = "/protocol/openid-connect/certs";

    @Inject
    OidcSettings oidc;

    @Inject
    @ConfigProperty(name = "vdi.oidc.audience", defaultValue = "vdi-portal")
    String audience;

    // NOTE: one instance for the application, shared by all request threads; it
    // holds the key cache, which is thread-safe (see RemoteSigningKeys).
    private JwtVerifier verifier;

    @PostConstruct
    void init() {
        String issuer = oidc.issuer();
        SigningKeys keys = new RemoteSigningKeys(new HttpJwksSource(URI.create(issuer + JWKS_PATH)),
                Clock.systemUTC());
        verifier = new JwtVerifier(issuer, audience, keys, Clock.systemUTC());
    }

    /** The signed-in user the token stands for. */
    public AccessToken verify(String token) throws TokenRejectedException, SigningKeysUnavailableException {
        return AccessToken.of(verifier.verify(token));
    }
}
