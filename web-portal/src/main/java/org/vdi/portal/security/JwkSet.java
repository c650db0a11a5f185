package org.vdi.portal.security;

import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * Reads a JSON Web Key Set (RFC 7517) into RSA verification keys by key id.
 * Only keys fit for RS256 signatures are kept: Keycloak's set also holds an
 * encryption key (use "enc", alg RSA-OAEP) that must never verify a token.
 * Keys are read one by one rather than with nimbus' {@code JWKSet.parse}, which
 * refuses the whole set for one key it cannot read: one odd key in the realm must
 * not lock every user out.
 */
public final class JwkSet {

    private static final Logger LOG = Logger.getLogger(JwkSet.class.getName());

    /** Shorter RSA keys are refused; Keycloak's default is 2048 bits. */
    static final int MIN_RSA_BITS = 2048;

    private JwkSet() {
    }

    /**
     * The RS256 keys of the document by kid; keys of another kind are skipped.
     *
     * @throws SigningKeysUnavailableException when the document is not a key set at all
     */
    public static Map<String, RSAPublicKey> parse(String json) throws SigningKeysUnavailableException {
        List<Object> keys;
        try {
            keys = JSONObjectUtils.getJSONArray(JSONObjectUtils.parse(json), "keys");
        } catch (ParseException e) {
            throw new SigningKeysUnavailableException("the JWKS document is not a JSON object with a \"keys\" array",
                    e);
        }
        if (keys == null) {
            throw new SigningKeysUnavailableException("the JWKS document has no \"keys\" array");
        }
        Map<String, RSAPublicKey> result = new HashMap<>();
        for (Object k : keys) {
            if (k instanceof Map<?, ?> m) {
                @SuppressWarnings("unchecked")
                Map<String, Object> member = (Map<String, Object>) m;
                rs256Key(member).ifPresent(jwk -> publicKey(jwk).ifPresent(key -> result.put(jwk.getKeyID(), key)));
            }
        }
        return Map.copyOf(result);
    }

    /** The member as an RSA key for RS256 signatures, or empty when it is none. */
    private static Optional<RSAKey> rs256Key(Map<String, Object> member) {
        JWK jwk;
        try {
            jwk = JWK.parse(member);
        } catch (ParseException | RuntimeException e) {
            LOG.log(Level.WARNING, "Skipping the unreadable JWKS key {0}: {1}",
                    new Object[] {member.get("kid"), e.getMessage()});
            return Optional.empty();
        }
        boolean fit = jwk instanceof RSAKey
                && jwk.getKeyID() != null && !jwk.getKeyID().isEmpty()
                && (jwk.getKeyUse() == null || KeyUse.SIGNATURE.equals(jwk.getKeyUse()))
                && (jwk.getAlgorithm() == null || JWSAlgorithm.RS256.equals(jwk.getAlgorithm()));
        return fit ? Optional.of((RSAKey) jwk) : Optional.empty();
    }

    /** The key, or empty when it is undecodable or too short. */
    private static Optional<RSAPublicKey> publicKey(RSAKey jwk) {
        try {
            RSAPublicKey key = jwk.toRSAPublicKey();
            if (key.getModulus().bitLength() < MIN_RSA_BITS) {
                throw new JOSEException("RSA key shorter than " + MIN_RSA_BITS + " bits");
            }
            return Optional.of(key);
        } catch (JOSEException | RuntimeException e) {
            LOG.log(Level.WARNING, "Skipping the unusable JWKS key {0}: {1}",
                    new Object[] {jwk.getKeyID(), e.getMessage()});
            return Optional.empty();
        }
    }
}
