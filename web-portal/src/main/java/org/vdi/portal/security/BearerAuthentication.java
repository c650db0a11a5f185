package org.vdi.portal.security;

import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.nimbusds.jwt.JWTClaimsSet;

/**
 * Signs in REST API requests from their {@code Authorization: Bearer} token
 * (RFC 6750). Every API request needs one: there is no anonymous API, so a
 * missing or bad token is a 401 with a Bearer challenge, and an unreachable
 * identity provider is a 503, so clients do not throw away good tokens.
 */
@ApplicationScoped
public class BearerAuthentication {

    private static final Logger LOG = Logger.getLogger(BearerAuthentication.class.getName());
    private static final String SCHEME = "Bearer ";
    static final String UNAUTHENTICATED = "unauthenticated";
    static final String UNAVAILABLE = "sign_in_unavailable";

    @Inject
    AccessTokenVerifier verifier;

    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context) {
        String header = request.getHeader("Authorization");
        if (header == null || header.isBlank()) {
            return challenge(response, context, null, "sign in: send the header Authorization: Bearer <access token>");
        }
        if (!header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return challenge(response, context, null, "only bearer tokens are accepted (Authorization: Bearer ...)");
        }
        try {
            JWTClaimsSet claims = verifier.claims(header.substring(SCHEME.length()).trim());
            AccessToken token = AccessToken.of(claims);
            CurrentCaller.establish(request, token.caller(),
                    claims.getClaim("sid") instanceof String sid ? sid : null);
            return context.notifyContainerAboutLogin(token.name(), token.roles());
        } catch (TokenRejectedException e) {
            LOG.log(Level.FINE, "Bearer token refused ({0}): {1}", new Object[] {e.reason(), e.getMessage()});
            return challenge(response, context, "invalid_token", "invalid bearer token: " + e.getMessage());
        } catch (SigningKeysUnavailableException e) {
            // Logged where the fetch failed; the client only learns to come back later.
            response.setHeader("Retry-After", "30");
            ApiErrorResponse.send(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, UNAVAILABLE,
                    "sign-in is unavailable: the identity provider's keys cannot be fetched; try again later");
            return AuthenticationStatus.SEND_FAILURE;
        }
    }

    private static AuthenticationStatus challenge(HttpServletResponse response, HttpMessageContext context,
            String error, String message) {
        String challenge = "Bearer realm=\"vdi\"";
        if (error != null) {
            challenge += ", error=\"" + error + "\", error_description=\"" + quotable(message) + "\"";
        }
        response.setHeader("WWW-Authenticate", challenge);
        ApiErrorResponse.send(response, HttpServletResponse.SC_UNAUTHORIZED, UNAUTHENTICATED, message);
        return AuthenticationStatus.SEND_FAILURE;
    }

    /** error_description allows printable ASCII except " and \ (RFC 6750, 3). */
    private static String quotable(String s) {
        return s.replaceAll("[^\\x20-\\x7E]|[\"\\\\]", "'");
    }
}
