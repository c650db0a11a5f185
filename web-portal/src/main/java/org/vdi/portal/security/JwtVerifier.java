package org.vdi.portal.security;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import org.vdi.portal.security.TokenRejectedException.Reason;

/**
 * Checks a Keycloak token (a JWS in compact form): access tokens for the REST API,
 * ID tokens at sign-in and logout tokens from back-channel logout, each told apart
 * by Keycloak's {@code typ} claim so that one kind can never pass as another.
 * Parsing and the signature are nimbus-jose-jwt's; the rules are ours and narrow:
 * RS256 only, so "alg: none" and the HS256-with-the-public-key trick cannot get
 * in; the algorithm is never taken from the token to pick a verifier. The
 * signature is checked before any claim is trusted.
 */
public final class JwtVerifier {

    public static final String ALGORITHM = "RS256";
    /** Keycloak tokens are 1-2 KiB; anything near this is an attack or a mistake. */
    public static final int MAX_TOKEN_CHARS = 16 * 1024;
    /** Tolerated clock difference between Keycloak and us. */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    /** Strict base64url without padding; nimbus' decoder skips what it does not know. */
    private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]+");

    /** Keycloak's {@code typ} claim of access tokens. */
    public static final String ACCESS_TOKEN = "Bearer";
    /** Keycloak's {@code typ} claim of ID tokens. */
    public static final String ID_TOKEN = "ID";
    /** Keycloak's {@code typ} claim of back-channel logout tokens. */
    public static final String LOGOUT_TOKEN = "Logout";

    private final String issuer;
    private final String audience;
    private final String type;
    private final SigningKeys keys;
    private final Clock clock;

    /** A verifier of access tokens ({@code typ} Bearer). */
    public JwtVerifier(String issuer, String audience, SigningKeys keys, Clock clock) {
        this(issuer, audience, ACCESS_TOKEN, keys, clock);
    }

    /**
     * A verifier of one kind of token: a {@code typ} claim, when the token has one,
     * must be {@code type} (Keycloak always sets it).
     */
    public JwtVerifier(String issuer, String audience, String type, SigningKeys keys, Clock clock) {
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.audience = Objects.requireNonNull(audience, "audience");
        this.type = Objects.requireNonNull(type, "type");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The token's claims once signature, issuer, audience, type and times check out.
     *
     * @throws TokenRejectedException the token is not acceptable (the client's fault: 401)
     * @throws SigningKeysUnavailableException the realm's keys cannot be had (ours: 503)
     */
    public JWTClaimsSet verify(String token) throws TokenRejectedException, SigningKeysUnavailableException {
        SignedJWT jwt = parse(token);
        String kid = jwt.getHeader().getKeyID();
        if (kid == null || kid.isEmpty()) {
            throw new TokenRejectedException(Reason.UNKNOWN_KEY, "the token names no signing key (kid)");
        }
        RSAPublicKey key = keys.find(kid).orElseThrow(
                () -> new TokenRejectedException(Reason.UNKNOWN_KEY, "the realm has no signing key " + kid));
        checkSignature(jwt, key);

        Map<String, Object> payload = jwt.getPayload().toJSONObject();
        if (payload == null) {
            throw new TokenRejectedException(Reason.MALFORMED, "the token's payload is not a JSON object");
        }
        JWTClaimsSet claims;
        try {
            claims = JWTClaimsSet.parse(payload);
        } catch (ParseException e) {
            throw new TokenRejectedException(Reason.MALFORMED, "the token's payload is not a JWT claims set");
        }
        checkType(claims);
        checkIssuer(claims);
        checkAudience(claims);
        checkTimes(payload);
        return claims;
    }

    /** Size, shape and algorithm first, so nothing else of a token we refuse is read. */
    private static SignedJWT parse(String token) throws TokenRejectedException {
        if (token == null || token.isEmpty()) {
            throw new TokenRejectedException(Reason.MALFORMED, "empty token");
        }
        if (token.length() > MAX_TOKEN_CHARS) {
            throw new TokenRejectedException(Reason.TOO_LARGE, "token longer than " + MAX_TOKEN_CHARS + " characters");
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new TokenRejectedException(Reason.MALFORMED, "not a signed JWT (header.payload.signature)");
        }
        // The signature may be empty here so that "alg: none" tokens fail as what they are, below.
        if (!BASE64URL.matcher(parts[0]).matches() || !BASE64URL.matcher(parts[1]).matches()
                || !(parts[2].isEmpty() || BASE64URL.matcher(parts[2]).matches())) {
            throw new TokenRejectedException(Reason.MALFORMED, "a part of the token is not base64url");
        }
        String alg = algorithm(parts[0]);
        if (!ALGORITHM.equals(alg)) {
            throw new TokenRejectedException(Reason.UNSUPPORTED_ALGORITHM,
                    "algorithm " + (alg == null ? "(none given)" : alg) + " is not accepted, only " + ALGORITHM);
        }
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            throw new TokenRejectedException(Reason.MALFORMED, "the token's header is not a JWS header");
        }
        if (jwt.getHeader().getCriticalParams() != null) {
            throw new TokenRejectedException(Reason.MALFORMED, "critical header extensions are not supported");
        }
        return jwt;
    }

    /**
     * The header's {@code alg}, read before nimbus parses the header: nimbus refuses
     * "none" and a missing alg as a malformed header, and we report both as what they are.
     */
    private static String algorithm(String header) throws TokenRejectedException {
        try {
            return JSONObjectUtils.parse(new Base64URL(header).decodeToString()).get("alg") instanceof String s
                    ? s : null;
        } catch (ParseException e) {
            throw new TokenRejectedException(Reason.MALFORMED, "the token's header is not a JSON object");
        }
    }

    private static void checkSignature(SignedJWT jwt, RSAPublicKey key) throws TokenRejectedException {
        boolean valid;
        try {
            valid = jwt.verify(new RSASSAVerifier(key));
        } catch (JOSEException | IllegalStateException e) {
            valid = false;
        }
        if (!valid) {
            throw new TokenRejectedException(Reason.BAD_SIGNATURE, "the signature does not match");
        }
    }

    /**
     * Keycloak marks access tokens "Bearer", ID tokens "ID", logout tokens "Logout":
     * a token of one kind must not pass as another.
     */
    private void checkType(JWTClaimsSet claims) throws TokenRejectedException {
        Object typ = claims.getClaim("typ");
        if (typ != null && !(typ instanceof String s && type.equalsIgnoreCase(s))) {
            throw new TokenRejectedException(Reason.WRONG_TYPE, "not a token of type " + type + " (typ " + typ + ")");
        }
    }

    private void checkIssuer(JWTClaimsSet claims) throws TokenRejectedException {
        String iss = claims.getIssuer();
        if (iss == null) {
            throw new TokenRejectedException(Reason.MISSING_CLAIM, "the token has no issuer (iss)");
        }
        if (!issuer.equals(iss)) {
            throw new TokenRejectedException(Reason.WRONG_ISSUER, "issued by " + iss + ", not by " + issuer);
        }
    }

    private void checkAudience(JWTClaimsSet claims) throws TokenRejectedException {
        if (claims.getClaim("aud") == null) {
            throw new TokenRejectedException(Reason.MISSING_CLAIM, "the token has no audience (aud)");
        }
        if (!claims.getAudience().contains(audience)) {
            throw new TokenRejectedException(Reason.WRONG_AUDIENCE, "the token is not meant for " + audience);
        }
    }

    /**
     * From the raw payload, not nimbus' {@code Date}s, which overflow for absurd values:
     * compared in epoch seconds with the skew on our side only, so no token value can overflow.
     */
    private void checkTimes(Map<String, Object> payload) throws TokenRejectedException {
        long now = clock.instant().getEpochSecond();
        long skew = CLOCK_SKEW.getSeconds();
        Long exp = seconds(payload, "exp");
        if (exp == null) {
            throw new TokenRejectedException(Reason.MISSING_CLAIM, "the token has no expiry (exp)");
        }
        if (exp <= now - skew) {
            throw new TokenRejectedException(Reason.EXPIRED, "the token expired");
        }
        Long nbf = seconds(payload, "nbf");
        if (nbf != null && nbf > now + skew) {
            throw new TokenRejectedException(Reason.NOT_YET_VALID, "the token is not valid yet (nbf)");
        }
        Long iat = seconds(payload, "iat");
        if (iat != null && iat > now + skew) {
            throw new TokenRejectedException(Reason.NOT_YET_VALID, "the token was issued in the future (iat)");
        }
    }

    private static Long seconds(Map<String, Object> payload, String name) throws TokenRejectedException {
        Object v = payload.get(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Number n)) {
            throw new TokenRejectedException(Reason.MALFORMED, "the claim " + name + " is not a number");
        }
        try {
            return new BigDecimal(n.toString()).setScale(0, RoundingMode.FLOOR).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new TokenRejectedException(Reason.MALFORMED, "the claim " + name + " is out of range");
        }
    }
}
