package org.vdi.portal.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where the Keycloak realm is. {@code vdi.oidc.issuer} (VDI_OIDC_ISSUER), default
 * http://localhost:8180/realms/vdi, the one-node stack's realm.
 */
@ApplicationScoped
public class OidcSettings {

    @Inject
    @ConfigProperty(name = "vdi.oidc.issuer", defaultValue = "http://localhost:8180/realms/vdi")
    String issuer;

    public String issuer() {
        return issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    }
}
