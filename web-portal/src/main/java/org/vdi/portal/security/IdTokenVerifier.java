package org.vdi.portal.security;

import java.util.Arrays;
import java.util.Objects;

import com.nimbusds.jwt.JWTClaimsSet;

import org.vdi.portal.security.TokenRejectedException.Reason;

/**
 * Checks the ID token of the code flow (OpenID Connect Core, 3.1.3.7) on top of
 * the signature, issuer, audience (our client id), type "ID" and times that
 * {@link JwtVerifier} checks: the nonce must be the one of our sign-in request,
 * an authorized party must be us, and when the token carries {@code at_hash} it
 * must match the access token that came with it.
 */
public final class IdTokenVerifier {

    private final JwtVerifier verifier;
    private final String clientId;

    /** @param verifier a verifier for type {@link JwtVerifier#ID_TOKEN} and audience {@code clientId} */
    public IdTokenVerifier(JwtVerifier verifier, String clientId) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.clientId = Objects.requireNonNull(clientId, "clientId");
    }

    public IdToken verify(String idToken, String expectedNonce, String accessToken)
            throws TokenRejectedException, SigningKeysUnavailableException {
        JWTClaimsSet claims = verifier.verify(idToken);
        String nonce = string(claims, "nonce");
        if (nonce == null) {
            throw new TokenRejectedException(Reason.NONCE_MISMATCH, "the ID token has no nonce");
        }
        if (!SecureTokens.equal(expectedNonce, nonce)) {
            throw new TokenRejectedException(Reason.NONCE_MISMATCH, "the ID token's nonce is not ours");
        }
        String subject = string(claims, "sub");
        if (subject == null || subject.isEmpty()) {
            throw new TokenRejectedException(Reason.MISSING_CLAIM, "the ID token has no subject (sub)");
        }
        checkAuthorizedParty(claims);
        if (claims.getClaim("at_hash") != null && accessToken != null) {
            checkAccessTokenHash(string(claims, "at_hash"), accessToken);
        }
        return new IdToken(subject, string(claims, "sid"), idToken);
    }

    /** azp, when present, must be us; with more than one audience it must be present. */
    private void checkAuthorizedParty(JWTClaimsSet claims) throws TokenRejectedException {
        boolean several = claims.getAudience().size() > 1;
        String azp = string(claims, "azp");
        if ((azp != null || several) && !clientId.equals(azp)) {
            throw new TokenRejectedException(Reason.INVALID_CLAIM, "the ID token was issued to " + azp
                    + ", not to " + clientId);
        }
    }

    /** at_hash: base64url of the left half of SHA-256 over the access token (RS256). */
    private static void checkAccessTokenHash(String atHash, String accessToken) throws TokenRejectedException {
        byte[] digest = SecureTokens.sha256(accessToken);
        String expected = SecureTokens.base64url(Arrays.copyOf(digest, digest.length / 2));
        if (!SecureTokens.equal(expected, atHash)) {
            throw new TokenRejectedException(Reason.INVALID_CLAIM, "the ID token's at_hash does not match the"
                    + " access token");
        }
    }

    private static String string(JWTClaimsSet claims, String name) {
        return claims.getClaim(name) instanceof String s ? s : null;
    }
}
