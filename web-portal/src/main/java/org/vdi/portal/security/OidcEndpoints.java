package org.vdi.portal.security;

import java.net.URI;

/**
 * The realm's OpenID Connect endpoints. Keycloak places them at fixed paths under
 * the issuer (its discovery document says the same), so they are derived here
 * instead of fetched: one request fewer at start, and nothing to go stale.
 */
public record OidcEndpoints(URI authorization, URI token, URI endSession, URI jwks) {

    static final String JWKS_PATH = "/protocol/openid-connect/certs";

    public static OidcEndpoints of(String issuer) {
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        return new OidcEndpoints(URI.create(base + "/protocol/openid-connect/auth"),
                URI.create(base + "/protocol/openid-connect/token"),
                URI.create(base + "/protocol/openid-connect/logout"),
                URI.create(base + JWKS_PATH));
    }
}
