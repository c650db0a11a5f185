package org.vdi.portal.security;

import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.vdi.portal.config.OidcSettings;

/**
 * The configured realm's signing keys, one cache for the whole application: access
 * tokens, ID tokens and logout tokens are all signed with them, so a key rotation
 * is noticed once for all three.
 */
@ApplicationScoped
public class RealmSigningKeys implements SigningKeys {

    @Inject
    OidcSettings oidc;

    // NOTE: shared by all request threads; RemoteSigningKeys is thread-safe.
    private SigningKeys keys;

    @PostConstruct
    void init() {
        keys = new RemoteSigningKeys(new HttpJwksSource(OidcEndpoints.of(oidc.issuer()).jwks()), Clock.systemUTC());
    }

    @Override
    public Optional<RSAPublicKey> find(String keyId) throws SigningKeysUnavailableException {
        return keys.find(keyId);
    }
}
