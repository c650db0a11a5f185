package org.vdi.portal.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.vdi.portal.security.TestKeys.ISSUER;
import static org.vdi.portal.security.TestKeys.token;

import java.security.KeyPair;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vdi.portal.security.TestKeys.MutableClock;
import org.vdi.portal.security.TokenRejectedException.Reason;

/** The ID token checks of sign-in and the logout token checks of back-channel logout. */
class SignInTokensTest {

    private static final String KID = "realm-key";
    private static final String CLIENT = "vdi-portal";
    private static final String NONCE = "n-0S6_WzA2Mj";
    private static final String SID = "5f2b-keycloak-session";
    private static final String SUB = "2a1e-alice";
    private static final Instant NOW = Instant.parse("2026-01-15T10:00:00Z");

    private static KeyPair realmKey;
    private static KeyPair otherKey;

    private final MutableClock clock = new MutableClock(NOW);
    private final SigningKeys keys = TestKeys.fixed(Map.of(KID, realmKey.getPublic()));
    private final IdTokenVerifier idTokens = new IdTokenVerifier(
            new JwtVerifier(ISSUER, CLIENT, JwtVerifier.ID_TOKEN, keys, clock), CLIENT);
    private final LogoutTokenVerifier logoutTokens = new LogoutTokenVerifier(
            new JwtVerifier(ISSUER, CLIENT, JwtVerifier.LOGOUT_TOKEN, keys, clock));

    @BeforeAll
    static void keys() {
        realmKey = TestKeys.rsa(2048);
        otherKey = TestKeys.rsa(2048);
    }

    /** Keycloak-like ID token claims for alice. */
    private static JsonObjectBuilder idClaims() {
        return Json.createObjectBuilder()
                .add("iss", ISSUER).add("aud", CLIENT).add("azp", CLIENT).add("typ", "ID")
                .add("sub", SUB).add("sid", SID).add("nonce", NONCE)
                .add("exp", NOW.plusSeconds(300).getEpochSecond()).add("iat", NOW.getEpochSecond())
                .add("preferred_username", "alice");
    }

    /** Keycloak-like logout token claims (Keycloak 26). */
    private static JsonObjectBuilder logoutClaims() {
        return Json.createObjectBuilder()
                .add("iss", ISSUER).add("aud", CLIENT).add("typ", "Logout")
                .add("sub", SUB).add("sid", SID).add("jti", "e3b0")
                .add("events", Json.createObjectBuilder().add(LogoutTokenVerifier.BACKCHANNEL_LOGOUT_EVENT,
                        Json.createObjectBuilder()))
                .add("exp", NOW.plusSeconds(120).getEpochSecond()).add("iat", NOW.getEpochSecond());
    }

    private static String atHash(String accessToken) {
        byte[] d = SecureTokens.sha256(accessToken);
        return SecureTokens.base64url(Arrays.copyOf(d, d.length / 2));
    }

    private Reason idRejected(String token, String nonce, String accessToken) {
        return assertThrows(TokenRejectedException.class, () -> idTokens.verify(token, nonce, accessToken)).reason();
    }

    private Reason logoutRejected(String token) {
        return assertThrows(TokenRejectedException.class, () -> logoutTokens.verify(token)).reason();
    }

    // --- ID tokens ----------------------------------------------------------------------

    @Test
    void acceptsTheIdTokenOfOurSignIn() throws Exception {
        String access = "header.payload.signature";
        IdToken id = idTokens.verify(token(realmKey, KID, idClaims().add("at_hash", atHash(access)).build()), NONCE,
                access);
        assertEquals(SUB, id.subject());
        assertEquals(SID, id.sessionId());
    }

    @Test
    void refusesAnotherNonceOrNone() {
        assertEquals(Reason.NONCE_MISMATCH, idRejected(token(realmKey, KID, idClaims().build()), "other", null));
        assertEquals(Reason.NONCE_MISMATCH, idRejected(token(realmKey, KID, idClaims().remove("nonce").build()),
                NONCE, null));
    }

    @Test
    void refusesATokenForAnotherClientOrParty() {
        assertEquals(Reason.WRONG_AUDIENCE, idRejected(token(realmKey, KID, idClaims().add("aud", "vdi-cli").build()),
                NONCE, null));
        assertEquals(Reason.INVALID_CLAIM, idRejected(token(realmKey, KID, idClaims().add("azp", "vdi-cli").build()),
                NONCE, null));
        // several audiences: azp must name us
        assertEquals(Reason.INVALID_CLAIM, idRejected(token(realmKey, KID, idClaims()
                .add("aud", Json.createArrayBuilder().add(CLIENT).add("account")).remove("azp").build()), NONCE, null));
    }

    @Test
    void refusesAnAccessTokenOrALogoutTokenAsIdToken() {
        assertEquals(Reason.WRONG_TYPE, idRejected(token(realmKey, KID, idClaims().add("typ", "Bearer").build()),
                NONCE, null));
        assertEquals(Reason.WRONG_TYPE, idRejected(token(realmKey, KID, logoutClaims().add("nonce", NONCE).build()),
                NONCE, null));
    }

    @Test
    void refusesAForgedExpiredOrMismatchedToken() {
        assertEquals(Reason.BAD_SIGNATURE, idRejected(token(otherKey, KID, idClaims().build()), NONCE, null));
        assertEquals(Reason.WRONG_ISSUER, idRejected(token(realmKey, KID, idClaims()
                .add("iss", "http://evil/realms/vdi").build()), NONCE, null));
        assertEquals(Reason.EXPIRED, idRejected(token(realmKey, KID, idClaims()
                .add("exp", NOW.minusSeconds(120).getEpochSecond()).build()), NONCE, null));
        assertEquals(Reason.INVALID_CLAIM, idRejected(token(realmKey, KID, idClaims()
                .add("at_hash", atHash("another.access.token")).build()), NONCE, "header.payload.signature"));
        assertEquals(Reason.MISSING_CLAIM, idRejected(token(realmKey, KID, idClaims().remove("sub").build()),
                NONCE, null));
    }

    // --- logout tokens ------------------------------------------------------------------

    @Test
    void acceptsKeycloaksLogoutToken() throws Exception {
        LogoutToken t = logoutTokens.verify(token(realmKey, KID, logoutClaims().build()));
        assertEquals(SID, t.sessionId());
        assertEquals(SUB, t.subject());
    }

    @Test
    void acceptsALogoutTokenWithOnlySidOrOnlySub() throws Exception {
        assertNull(logoutTokens.verify(token(realmKey, KID, logoutClaims().remove("sub").build())).subject());
        assertNull(logoutTokens.verify(token(realmKey, KID, logoutClaims().remove("sid").build())).sessionId());
    }

    @Test
    void refusesALogoutTokenWithoutTheEventOrAnyoneToLogOut() {
        assertEquals(Reason.MISSING_CLAIM, logoutRejected(token(realmKey, KID, logoutClaims().remove("events").build())));
        assertEquals(Reason.INVALID_CLAIM, logoutRejected(token(realmKey, KID, logoutClaims()
                .add("events", Json.createObjectBuilder().add("http://schemas.openid.net/event/other",
                        Json.createObjectBuilder())).build())));
        assertEquals(Reason.INVALID_CLAIM, logoutRejected(token(realmKey, KID, logoutClaims()
                .add("events", Json.createObjectBuilder().add(LogoutTokenVerifier.BACKCHANNEL_LOGOUT_EVENT, "yes"))
                .build())));
        assertEquals(Reason.MISSING_CLAIM, logoutRejected(token(realmKey, KID, logoutClaims().remove("sid")
                .remove("sub").build())));
    }

    @Test
    void refusesALogoutTokenWithANonceSoNoIdTokenPassesAsOne() {
        assertEquals(Reason.INVALID_CLAIM, logoutRejected(token(realmKey, KID, logoutClaims().add("nonce", NONCE)
                .build())));
        assertEquals(Reason.WRONG_TYPE, logoutRejected(token(realmKey, KID, idClaims()
                .add("events", Json.createObjectBuilder().add(LogoutTokenVerifier.BACKCHANNEL_LOGOUT_EVENT,
                        Json.createObjectBuilder())).remove("nonce").build())));
    }

    @Test
    void refusesAForgedMisaddressedOrStaleLogoutToken() {
        assertEquals(Reason.BAD_SIGNATURE, logoutRejected(token(otherKey, KID, logoutClaims().build())));
        assertEquals(Reason.WRONG_AUDIENCE, logoutRejected(token(realmKey, KID, logoutClaims().add("aud", "vdi-cli")
                .build())));
        assertEquals(Reason.WRONG_ISSUER, logoutRejected(token(realmKey, KID, logoutClaims()
                .add("iss", "http://evil/realms/vdi").build())));
        assertEquals(Reason.EXPIRED, logoutRejected(token(realmKey, KID, logoutClaims()
                .add("exp", NOW.minusSeconds(120).getEpochSecond()).build())));
        assertEquals(Reason.UNSUPPORTED_ALGORITHM, logoutRejected(TestKeys.sign(realmKey,
                TestKeys.b64(TestKeys.header("HS256", KID)), TestKeys.b64(logoutClaims().build()))));
    }
}
