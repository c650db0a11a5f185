package org.vdi.portal.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.vdi.portal.security.TestKeys.AUDIENCE;
import static org.vdi.portal.security.TestKeys.ISSUER;
import static org.vdi.portal.security.TestKeys.b64;
import static org.vdi.portal.security.TestKeys.claims;
import static org.vdi.portal.security.TestKeys.header;
import static org.vdi.portal.security.TestKeys.sign;
import static org.vdi.portal.security.TestKeys.token;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import com.nimbusds.jwt.JWTClaimsSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vdi.portal.security.TestKeys.MutableClock;
import org.vdi.portal.security.TokenRejectedException.Reason;

class JwtVerifierTest {

    private static final String KID = "test-key";
    private static final Instant NOW = Instant.parse("2026-01-15T10:00:00Z");

    private static KeyPair realmKey;
    private static KeyPair otherKey;

    private final MutableClock clock = new MutableClock(NOW);
    private final JwtVerifier verifier = new JwtVerifier(ISSUER, AUDIENCE,
            TestKeys.fixed(Map.of(KID, realmKey.getPublic())), clock);

    @BeforeAll
    static void keys() {
        realmKey = TestKeys.rsa(2048);
        otherKey = TestKeys.rsa(2048);
    }

    private static String valid() {
        return token(realmKey, KID, claims(NOW).build());
    }

    private Reason rejected(String token) {
        return assertThrows(TokenRejectedException.class, () -> verifier.verify(token)).reason();
    }

    @Test
    void acceptsAValidToken() throws Exception {
        JWTClaimsSet claims = verifier.verify(valid());
        assertEquals("alice", claims.getClaim("preferred_username"));
    }

    @Test
    void acceptsAnAudienceArrayThatContainsOurs() throws Exception {
        JsonObject c = claims(NOW).add("aud", Json.createArrayBuilder().add("account").add(AUDIENCE)).build();
        verifier.verify(token(realmKey, KID, c));
    }

    @Test
    void acceptsAnExpiryWithinTheClockSkew() throws Exception {
        verifier.verify(token(realmKey, KID, claims(NOW).add("exp", NOW.minusSeconds(10).getEpochSecond()).build()));
    }

    @Test
    void rejectsASignatureByAnotherKey() {
        assertEquals(Reason.BAD_SIGNATURE, rejected(token(otherKey, KID, claims(NOW).build())));
    }

    @Test
    void rejectsATamperedPayload() {
        String[] parts = valid().split("\\.");
        String forged = b64(claims(NOW).add("groups", Json.createArrayBuilder().add("vdi-admin")).build());
        assertEquals(Reason.BAD_SIGNATURE, rejected(parts[0] + "." + forged + "." + parts[2]));
    }

    @Test
    void rejectsAlgNone() {
        String h = b64(Json.createObjectBuilder().add("alg", "none").add("kid", KID).build());
        assertEquals(Reason.UNSUPPORTED_ALGORITHM, rejected(h + "." + b64(claims(NOW).build()) + "."));
    }

    @Test
    void rejectsAMissingAlg() {
        String h = b64(Json.createObjectBuilder().add("kid", KID).build());
        assertEquals(Reason.UNSUPPORTED_ALGORITHM, rejected(sign(realmKey, h, b64(claims(NOW).build()))));
    }

    @Test
    void rejectsHs256SignedWithThePublicKeyAsSecret() throws Exception {
        String signingInput = b64(header("HS256", KID)) + "." + b64(claims(NOW).build());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(realmKey.getPublic().getEncoded(), "HmacSHA256"));
        String token = signingInput + "." + b64(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        assertEquals(Reason.UNSUPPORTED_ALGORITHM, rejected(token));
    }

    @Test
    void rejectsAnotherRsaAlgorithmToo() {
        String h = b64(header("RS512", KID));
        assertEquals(Reason.UNSUPPORTED_ALGORITHM, rejected(sign(realmKey, h, b64(claims(NOW).build()))));
    }

    @Test
    void rejectsAnUnknownKeyId() {
        assertEquals(Reason.UNKNOWN_KEY, rejected(token(realmKey, "other-kid", claims(NOW).build())));
    }

    @Test
    void rejectsAWrongIssuer() {
        JsonObject c = claims(NOW).add("iss", ISSUER + "-evil").build();
        assertEquals(Reason.WRONG_ISSUER, rejected(token(realmKey, KID, c)));
    }

    @Test
    void rejectsAnIssuerWithATrailingSlash() {
        JsonObject c = claims(NOW).add("iss", ISSUER + "/").build();
        assertEquals(Reason.WRONG_ISSUER, rejected(token(realmKey, KID, c)));
    }

    @Test
    void rejectsAWrongAudience() {
        assertEquals(Reason.WRONG_AUDIENCE, rejected(token(realmKey, KID, claims(NOW).add("aud", "account").build())));
        JsonObject c = claims(NOW).add("aud", Json.createArrayBuilder().add("account").add("vdi-cli")).build();
        assertEquals(Reason.WRONG_AUDIENCE, rejected(token(realmKey, KID, c)));
    }

    @Test
    void rejectsATokenThatIsNotAnAccessToken() {
        assertEquals(Reason.WRONG_TYPE, rejected(token(realmKey, KID, claims(NOW).add("typ", "ID").build())));
    }

    @Test
    void rejectsAnExpiredToken() {
        JsonObject c = claims(NOW).add("exp", NOW.minusSeconds(31).getEpochSecond()).build();
        assertEquals(Reason.EXPIRED, rejected(token(realmKey, KID, c)));
    }

    @Test
    void rejectsATokenThatExpiresLaterOnTheClock() throws Exception {
        String token = valid();
        verifier.verify(token);
        clock.advance(java.time.Duration.ofSeconds(300 + 30));
        assertEquals(Reason.EXPIRED, rejected(token));
    }

    @Test
    void rejectsATokenWithoutExpiry() {
        JsonObject c = Json.createObjectBuilder(claims(NOW).build()).remove("exp").build();
        assertEquals(Reason.MISSING_CLAIM, rejected(token(realmKey, KID, c)));
    }

    @Test
    void rejectsANotBeforeInTheFuture() {
        JsonObject c = claims(NOW).add("nbf", NOW.plusSeconds(60).getEpochSecond()).build();
        assertEquals(Reason.NOT_YET_VALID, rejected(token(realmKey, KID, c)));
    }

    @Test
    void rejectsAnIssuedAtInTheFuture() {
        JsonObject c = claims(NOW).add("iat", NOW.plusSeconds(60).getEpochSecond()).build();
        assertEquals(Reason.NOT_YET_VALID, rejected(token(realmKey, KID, c)));
    }

    @Test
    void rejectsATimeClaimThatIsNotANumber() {
        JsonObject c = claims(NOW).add("exp", "tomorrow").build();
        assertEquals(Reason.MALFORMED, rejected(token(realmKey, KID, c)));
    }

    @Test
    void rejectsMalformedTokens() {
        assertEquals(Reason.MALFORMED, rejected(""));
        assertEquals(Reason.MALFORMED, rejected("garbage"));
        assertEquals(Reason.MALFORMED, rejected("a.b"));
        assertEquals(Reason.MALFORMED, rejected("a.b.c.d.e"));
        String[] p = valid().split("\\.");
        assertEquals(Reason.MALFORMED, rejected(p[0] + "=." + p[1] + "." + p[2]));
        assertEquals(Reason.MALFORMED, rejected(p[0] + "." + p[1] + "+/." + p[2]));
        assertEquals(Reason.MALFORMED, rejected("x" + p[0] + "." + p[1] + "." + p[2]));
    }

    @Test
    void rejectsAHeaderThatIsNotJson() {
        assertEquals(Reason.MALFORMED, rejected(sign(realmKey, b64("{alg: RS256"), b64(claims(NOW).build()))));
        assertEquals(Reason.MALFORMED, rejected(sign(realmKey, b64("[\"RS256\"]"), b64(claims(NOW).build()))));
    }

    @Test
    void rejectsASignedPayloadThatIsNotJson() {
        assertEquals(Reason.MALFORMED, rejected(sign(realmKey, b64(header("RS256", KID)), b64("not json"))));
        byte[] latin1 = {(byte) 0xff, (byte) 0xfe, '{', '}'};
        assertEquals(Reason.MALFORMED, rejected(sign(realmKey, b64(header("RS256", KID)), b64(latin1))));
    }

    @Test
    void rejectsAnOversizedToken() {
        JsonObject c = claims(NOW).add("padding", "x".repeat(JwtVerifier.MAX_TOKEN_CHARS)).build();
        assertEquals(Reason.TOO_LARGE, rejected(token(realmKey, KID, c)));
    }

    @Test
    void passesOnThatTheKeysAreUnavailable() {
        JwtVerifier v = new JwtVerifier(ISSUER, AUDIENCE, kid -> {
            throw new SigningKeysUnavailableException("keycloak is down");
        }, clock);
        assertThrows(SigningKeysUnavailableException.class, () -> v.verify(valid()));
    }
}
