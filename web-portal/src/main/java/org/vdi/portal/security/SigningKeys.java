package org.vdi.portal.security;

import java.security.interfaces.RSAPublicKey;
import java.util.Optional;

/**
 * Where token signatures are checked against: the realm's keys by key id. Tests
 * hand in a fixed key; the portal uses {@link RemoteSigningKeys}.
 */
@FunctionalInterface
public interface SigningKeys {

    /**
     * The RS256 verification key with this id, or empty when the realm has no such key.
     *
     * @throws SigningKeysUnavailableException when the keys cannot be loaded at all
     */
    Optional<RSAPublicKey> find(String keyId) throws SigningKeysUnavailableException;
}
