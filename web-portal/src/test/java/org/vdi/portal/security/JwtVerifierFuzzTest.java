package org.vdi.portal.security;

import static org.vdi.portal.security.TestKeys.AUDIENCE;
import static org.vdi.portal.security.TestKeys.ISSUER;

import java.security.KeyPair;
import java.time.Instant;
import java.util.Map;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.nimbusds.jwt.JWTClaimsSet;

/**
 * The JWT verifier under coverage-guided fuzzing, two ways: any text as a token
 * (never accepted: it carries no signature of the realm's key), and any header and
 * payload JSON signed with the realm's own key, so the fuzzer reaches the claim checks
 * behind the signature. Only {@link TokenRejectedException} may come out; a token that
 * passes has our issuer, our audience and an expiry in the future (within the skew).
 */
class JwtVerifierFuzzTest {

    private static final String KID = "fuzz-key";
    private static final Instant NOW = Instant.parse("2026-01-15T10:00:00Z");
    private static final KeyPair REALM = TestKeys.rsa(2048);
    private static final JwtVerifier VERIFIER = new JwtVerifier(ISSUER, AUDIENCE,
            TestKeys.fixed(Map.of(KID, REALM.getPublic())), new TestKeys.MutableClock(NOW));

    @FuzzTest
    void fuzz(FuzzedDataProvider data) throws Exception {
        boolean signed = data.consumeBoolean();
        String token;
        if (signed) {
            String header = data.consumeBoolean()
                    ? "{\"alg\":\"RS256\",\"kid\":\"" + KID + "\"" + data.consumeString(64) + "}"
                    : data.consumeString(256);
            String payload = data.consumeRemainingAsString();
            token = TestKeys.sign(REALM, TestKeys.b64(header), TestKeys.b64(payload));
        } else {
            token = data.consumeRemainingAsAsciiString();
        }
        JWTClaimsSet claims;
        try {
            claims = VERIFIER.verify(token);
        } catch (TokenRejectedException e) {
            return;
        }
        if (!signed) {
            throw new AssertionError("accepted an unsigned token: " + token);
        }
        if (!ISSUER.equals(claims.getIssuer()) || claims.getAudience() == null
                || !claims.getAudience().contains(AUDIENCE) || claims.getExpirationTime() == null
                || claims.getExpirationTime().toInstant().isBefore(NOW.minus(JwtVerifier.CLOCK_SKEW))) {
            throw new AssertionError("accepted claims that should be refused: " + claims);
        }
    }
}
