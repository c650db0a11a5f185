package org.vdi.portal.security;

/** Fetches the realm's JSON Web Key Set document; a seam so key caching is testable without HTTP. */
@FunctionalInterface
public interface JwksSource {

    /** The JWKS document as JSON text. */
    String fetch() throws SigningKeysUnavailableException;
}
