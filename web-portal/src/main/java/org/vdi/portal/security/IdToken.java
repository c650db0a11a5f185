package org.vdi.portal.security;

/**
 * What sign-in keeps of a verified ID token: who (subject), which Keycloak
 * session (sid, which back-channel logout names later), and the token itself,
 * which RP-initiated logout hands back as {@code id_token_hint}.
 */
public record IdToken(String subject, String sessionId, String raw) {

    @Override
    public String toString() {
        return "IdToken[subject=" + subject + ", sessionId=" + sessionId + "]";
    }
}
