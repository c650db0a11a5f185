package org.vdi.portal.security;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import com.nimbusds.jwt.JWTClaimsSet;

/** RSA keys made for the test run, tokens signed with them, and the JWKS that publishes them. */
final class TestKeys {

    static final String ISSUER = "http://localhost:8180/realms/vdi";
    static final String AUDIENCE = "vdi-portal";

    private TestKeys() {
    }

    static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(bits);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String b64(String text) {
        return b64(text.getBytes(StandardCharsets.UTF_8));
    }

    static String b64(JsonObject json) {
        return b64(json.toString());
    }

    static JsonObject header(String alg, String kid) {
        return Json.createObjectBuilder().add("alg", alg).add("typ", "JWT").add("kid", kid).build();
    }

    /** Keycloak-like access token claims for alice, valid now. */
    static JsonObjectBuilder claims(Instant now) {
        return Json.createObjectBuilder()
                .add("iss", ISSUER)
                .add("aud", AUDIENCE)
                .add("typ", "Bearer")
                .add("exp", now.plusSeconds(300).getEpochSecond())
                .add("iat", now.getEpochSecond())
                .add("preferred_username", "alice")
                .add("groups", Json.createArrayBuilder().add("vdi-user"))
                .add("vdi_groups", Json.createArrayBuilder().add("/staff"));
    }

    static String sign(KeyPair keys, String headerB64, String payloadB64) {
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(keys.getPrivate());
            s.update((headerB64 + "." + payloadB64).getBytes(StandardCharsets.US_ASCII));
            return headerB64 + "." + payloadB64 + "." + b64(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String token(KeyPair keys, String kid, JsonObject claims) {
        return sign(keys, b64(header("RS256", kid)), b64(claims));
    }

    static JsonObject jwk(String kid, PublicKey key, String use, String alg) {
        RSAPublicKey rsa = (RSAPublicKey) key;
        JsonObjectBuilder b = Json.createObjectBuilder()
                .add("kid", kid).add("kty", "RSA")
                .add("n", b64(unsigned(rsa.getModulus())))
                .add("e", b64(unsigned(rsa.getPublicExponent())));
        if (use != null) {
            b.add("use", use);
        }
        if (alg != null) {
            b.add("alg", alg);
        }
        return b.build();
    }

    static String jwks(JsonObject... keys) {
        JsonArrayBuilder a = Json.createArrayBuilder();
        for (JsonObject k : keys) {
            a.add(k);
        }
        return Json.createObjectBuilder().add("keys", a).build().toString();
    }

    static SigningKeys fixed(Map<String, PublicKey> keys) {
        return kid -> Optional.ofNullable((RSAPublicKey) keys.get(kid));
    }

    /** Claims as the verifier hands them on, for tests of what the portal takes from them. */
    static JWTClaimsSet claimsSet(JsonObject claims) {
        try {
            return JWTClaimsSet.parse(claims.toString());
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] unsigned(BigInteger i) {
        byte[] b = i.toByteArray();
        return b[0] == 0 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b;
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {

        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
