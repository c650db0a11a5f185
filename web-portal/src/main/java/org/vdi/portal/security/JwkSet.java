package org.vdi.portal.security;

import java.io.StringReader;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

/**
 * Reads a JSON Web Key Set (RFC 7517) into RSA verification keys by key id.
 * Only keys fit for RS256 signatures are kept: Keycloak's set also holds an
 * encryption key (use "enc", alg RSA-OAEP) that must never verify a token.
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
    public static Map<String, PublicKey> parse(String json) throws SigningKeysUnavailableException {
        JsonObject doc;
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            doc = reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            throw new SigningKeysUnavailableException("the JWKS document is not a JSON object", e);
        }
        JsonValue keys = doc.get("keys");
        if (keys == null || keys.getValueType() != JsonValue.ValueType.ARRAY) {
            throw new SigningKeysUnavailableException("the JWKS document has no \"keys\" array");
        }
        Map<String, PublicKey> result = new HashMap<>();
        for (JsonValue k : keys.asJsonArray()) {
            if (k.getValueType() == JsonValue.ValueType.OBJECT && isRs256SigningKey(k.asJsonObject())) {
                JsonObject jwk = k.asJsonObject();
                try {
                    result.put(jwk.getString("kid"), rsaKey(jwk));
                } catch (GeneralSecurityException | IllegalArgumentException e) {
                    LOG.log(Level.WARNING, "Skipping the unusable JWKS key {0}: {1}",
                            new Object[] {jwk.getString("kid"), e.getMessage()});
                }
            }
        }
        return Map.copyOf(result);
    }

    private static boolean isRs256SigningKey(JsonObject jwk) {
        return "RSA".equals(text(jwk, "kty"))
                && text(jwk, "kid") != null && !text(jwk, "kid").isEmpty()
                && text(jwk, "n") != null && text(jwk, "e") != null
                && (jwk.get("use") == null || "sig".equals(text(jwk, "use")))
                && (jwk.get("alg") == null || JwtVerifier.ALGORITHM.equals(text(jwk, "alg")));
    }

    private static PublicKey rsaKey(JsonObject jwk) throws GeneralSecurityException {
        BigInteger modulus = new BigInteger(1, Base64.getUrlDecoder().decode(jwk.getString("n")));
        BigInteger exponent = new BigInteger(1, Base64.getUrlDecoder().decode(jwk.getString("e")));
        RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA")
                .generatePublic(new RSAPublicKeySpec(modulus, exponent));
        if (key.getModulus().bitLength() < MIN_RSA_BITS) {
            throw new GeneralSecurityException("RSA key shorter than " + MIN_RSA_BITS + " bits");
        }
        return key;
    }

    private static String text(JsonObject o, String name) {
        JsonValue v = o.get(name);
        return v != null && v.getValueType() == JsonValue.ValueType.STRING ? o.getString(name) : null;
    }
}
