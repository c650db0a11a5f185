package org.vdi.portal.security;

import java.io.StringReader;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.vdi.portal.security.TokenRejectedException.Reason;

/**
 * Checks a Keycloak token (a JWS in compact form) with the JDK alone: access
 * tokens for the REST API, ID tokens at sign-in and logout tokens from
 * back-channel logout, each told apart by Keycloak's {@code typ} claim so that
 * one kind can never pass as another. Deliberately narrow: RS256 only, so
 * "alg: none" and the HS256-with-the-public-key trick cannot get in; the
 * algorithm is never taken from the token to pick a verifier. The signature is
 * checked before any claim is trusted.
 */
public final class JwtVerifier {

    public static final String ALGORITHM = "RS256";
    /** Keycloak tokens are 1-2 KiB; anything near this is an attack or a mistake. */
    public static final int MAX_TOKEN_CHARS = 16 * 1024;
    /** Tolerated clock difference between Keycloak and us. */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

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
    public JsonObject verify(String token) throws TokenRejectedException, SigningKeysUnavailableException {
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
        JsonObject header = json(parts[0], "header");
        String alg = string(header, "alg");
        if (!ALGORITHM.equals(alg)) {
            throw new TokenRejectedException(Reason.UNSUPPORTED_ALGORITHM,
                    "algorithm " + (alg == null ? "(none given)" : alg) + " is not accepted, only " + ALGORITHM);
        }
        if (header.containsKey("crit")) {
            throw new TokenRejectedException(Reason.MALFORMED, "critical header extensions are not supported");
        }
        String kid = string(header, "kid");
        if (kid == null || kid.isEmpty()) {
            throw new TokenRejectedException(Reason.UNKNOWN_KEY, "the token names no signing key (kid)");
        }
        PublicKey key = keys.find(kid).orElseThrow(
                () -> new TokenRejectedException(Reason.UNKNOWN_KEY, "the realm has no signing key " + kid));
        checkSignature(parts, key);

        JsonObject claims = json(parts[1], "payload");
        checkType(claims);
        checkIssuer(claims);
        checkAudience(claims);
        checkTimes(claims);
        return claims;
    }

    private static void checkSignature(String[] parts, PublicKey key) throws TokenRejectedException {
        boolean valid;
        try {
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(key);
            verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            valid = verifier.verify(Base64.getUrlDecoder().decode(parts[2]));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
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
    private void checkType(JsonObject claims) throws TokenRejectedException {
        if (claims.containsKey("typ") && !type.equalsIgnoreCase(string(claims, "typ"))) {
            throw new TokenRejectedException(Reason.WRONG_TYPE, "not a token of type " + type + " (typ "
                    + claims.get("typ") + ")");
        }
    }

    private void checkIssuer(JsonObject claims) throws TokenRejectedException {
        String iss = string(claims, "iss");
        if (iss == null) {
            throw new TokenRejectedException(Reason.MISSING_CLAIM, "the token has no issuer (iss)");
        }
        if (!issuer.equals(iss)) {
            throw new TokenRejectedException(Reason.WRONG_ISSUER, "issued by " + iss + ", not by " + issuer);
        }
    }

    private void checkAudience(JsonObject claims) throws TokenRejectedException {
        JsonValue aud = claims.get("aud");
        if (aud == null) {
            throw new TokenRejectedException(Reason.MISSING_CLAIM, "the token has no audience (aud)");
        }
        boolean ours = switch (aud.getValueType()) {
            case STRING -> audience.equals(((JsonString) aud).getString());
            case ARRAY -> aud.asJsonArray().stream()
                    .anyMatch(v -> v instanceof JsonString s && audience.equals(s.getString()));
            default -> false;
        };
        if (!ours) {
            throw new TokenRejectedException(Reason.WRONG_AUDIENCE, "the token is not meant for " + audience);
        }
    }

    private void checkTimes(JsonObject claims) throws TokenRejectedException {
        // Compared in epoch seconds with the skew on our side only, so no token value can overflow.
        long now = clock.instant().getEpochSecond();
        long skew = CLOCK_SKEW.getSeconds();
        Long exp = seconds(claims, "exp");
        if (exp == null) {
            throw new TokenRejectedException(Reason.MISSING_CLAIM, "the token has no expiry (exp)");
        }
        if (exp <= now - skew) {
            throw new TokenRejectedException(Reason.EXPIRED, "the token expired");
        }
        Long nbf = seconds(claims, "nbf");
        if (nbf != null && nbf > now + skew) {
            throw new TokenRejectedException(Reason.NOT_YET_VALID, "the token is not valid yet (nbf)");
        }
        Long iat = seconds(claims, "iat");
        if (iat != null && iat > now + skew) {
            throw new TokenRejectedException(Reason.NOT_YET_VALID, "the token was issued in the future (iat)");
        }
    }

    private static Long seconds(JsonObject claims, String name) throws TokenRejectedException {
        JsonValue v = claims.get(name);
        if (v == null || v == JsonValue.NULL) {
            return null;
        }
        if (!(v instanceof JsonNumber n)) {
            throw new TokenRejectedException(Reason.MALFORMED, "the claim " + name + " is not a number");
        }
        try {
            return n.bigDecimalValue().setScale(0, RoundingMode.FLOOR).longValueExact();
        } catch (ArithmeticException e) {
            throw new TokenRejectedException(Reason.MALFORMED, "the claim " + name + " is out of range");
        }
    }

    private static JsonObject json(String part, String what) throws TokenRejectedException {
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(part);
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            try (JsonReader reader = Json.createReader(new StringReader(text))) {
                return reader.readObject();
            }
        } catch (IllegalArgumentException | CharacterCodingException | JsonException | IllegalStateException e) {
            throw new TokenRejectedException(Reason.MALFORMED, "the token's " + what + " is not a JSON object");
        }
    }

    private static String string(JsonObject o, String name) {
        return o.get(name) instanceof JsonString s ? s.getString() : null;
    }
}
