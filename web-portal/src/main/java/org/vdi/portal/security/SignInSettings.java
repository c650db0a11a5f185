package org.vdi.portal.security;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;
import org.vdi.portal.config.OidcSettings;

/**
 * How the pages sign in with the realm (MicroProfile Config; environment variables
 * in brackets):
 * <ul>
 * <li>{@code vdi.oidc.client-id} (VDI_OIDC_CLIENT_ID), default {@code vdi-portal}: the
 * confidential client of the code flow; ID and logout tokens must name it as audience.</li>
 * <li>{@code vdi.oidc.client-secret} (VDI_OIDC_CLIENT_SECRET), or else
 * {@code vdi.portal.client-secret} (VDI_PORTAL_CLIENT_SECRET, the name docker-compose and the
 * scripts use): the client's secret. Without it the pages cannot sign in (503); the REST API
 * still takes bearer tokens.</li>
 * <li>{@code vdi.public.url} (VDI_PUBLIC_URL), or else {@code vdi.portal.url}
 * (VDI_PORTAL_URL): the portal's address as browsers reach it, for the redirect URIs
 * registered in the realm. Without it the request's own scheme, host and port are used,
 * which is right unless a proxy rewrites them.</li>
 * <li>{@code vdi.session.idle-minutes} (30, Keycloak's SSO idle timeout) and
 * {@code vdi.session.max-hours} (10, Keycloak's SSO maximum): how long a page session
 * lives without use, and at most.</li>
 * </ul>
 */
@ApplicationScoped
public class SignInSettings {

    @Inject
    Config config;

    @Inject
    OidcSettings oidc;

    private String clientId;
    private Optional<String> clientSecret;
    private Optional<URI> publicUrl;
    private Duration idle;
    private Duration max;
    private Duration roleCheck;

    @PostConstruct
    void init() {
        clientId = string("vdi.oidc.client-id").orElse("vdi-portal");
        clientSecret = string("vdi.oidc.client-secret").or(() -> string("vdi.portal.client-secret"));
        publicUrl = string("vdi.public.url").or(() -> string("vdi.portal.url"))
                .map(u -> URI.create(u.endsWith("/") ? u.substring(0, u.length() - 1) : u));
        idle = Duration.ofMinutes(config.getOptionalValue("vdi.session.idle-minutes", Integer.class).orElse(30));
        max = Duration.ofHours(config.getOptionalValue("vdi.session.max-hours", Integer.class).orElse(10));
        int check = config.getOptionalValue("vdi.session.role-check-seconds", Integer.class).orElse(300);
        if (check < 1 || check > 86_400) {
            throw new IllegalArgumentException("vdi.session.role-check-seconds must be from 1 to 86400, not " + check);
        }
        roleCheck = Duration.ofSeconds(check);
    }

    private Optional<String> string(String name) {
        return config.getOptionalValue(name, String.class).map(String::strip).filter(s -> !s.isEmpty());
    }

    public String clientId() {
        return clientId;
    }

    public Optional<String> clientSecret() {
        return clientSecret;
    }

    /** The configured public address without a trailing slash, if any. */
    public Optional<URI> publicUrl() {
        return publicUrl;
    }

    public String issuer() {
        return oidc.issuer();
    }

    public OidcEndpoints endpoints() {
        return OidcEndpoints.of(oidc.issuer());
    }

    public Duration sessionIdle() {
        return idle;
    }

    public Duration sessionMax() {
        return max;
    }

    /** How old a page session's roles and groups may get before they are read from the realm again. */
    public Duration roleCheck() {
        return roleCheck;
    }
}
