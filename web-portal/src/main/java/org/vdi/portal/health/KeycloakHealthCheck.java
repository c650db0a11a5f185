package org.vdi.portal.health;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.vdi.portal.config.OidcSettings;
import org.vdi.portal.http.CappedBody;

/** "keycloak": the realm's OpenID configuration answers and names the expected issuer. */
@Readiness
@ApplicationScoped
public class KeycloakHealthCheck implements DetailedCheck {

    /** Keycloak's discovery document is a few KiB. */
    static final int MAX_DOCUMENT_BYTES = 256 * 1024;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Inject
    OidcSettings oidc;

    @Override
    public HealthCheckResponse details() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("keycloak").withData("issuer", oidc.issuer());
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create(oidc.issuer() + "/.well-known/openid-configuration"))
                    .timeout(Duration.ofSeconds(3)).GET().build();
            HttpResponse<String> res = CappedBody.send(http, req, MAX_DOCUMENT_BYTES);
            if (res.statusCode() != 200) {
                return b.down().withData("reason", "realm answered HTTP " + res.statusCode()).build();
            }
            if (!res.body().contains("\"issuer\":\"" + oidc.issuer() + "\"")) {
                return b.down().withData("reason", "realm reports a different issuer").build();
            }
            return b.up().build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return b.down().withData("reason", "interrupted").build();
        } catch (Exception e) {
            return b.down().withData("reason", "unreachable: " + e).build();
        }
    }
}
