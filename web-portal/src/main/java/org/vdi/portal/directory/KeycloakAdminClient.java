package org.vdi.portal.directory;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import org.vdi.portal.http.BodyTooLargeException;
import org.vdi.portal.http.CappedBody;

/**
 * Keycloak's admin REST API as the portal's confidential client sees it through
 * its service account (client credentials grant, RFC 6749 4.4): enough to read
 * the realm's groups and roles. Short timeouts and a size cap, so a slow
 * Keycloak cannot hold request threads for long. Not thread safe about its
 * token: {@link Directory} serialises calls.
 */
class KeycloakAdminClient {

    static final int MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(8);
    private static final long TOKEN_MARGIN_MILLIS = 10_000;

    private final URI tokenEndpoint;
    private final String adminBase;
    private final String clientId;
    private final String secret;
    private final HttpClient http;
    private ServiceToken token;

    /**
     * @param issuer the realm's issuer, {@code http://host/realms/vdi}; the admin API
     *               is at {@code http://host/admin/realms/vdi}
     */
    KeycloakAdminClient(String issuer, String clientId, String secret) {
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        this.tokenEndpoint = URI.create(base + "/protocol/openid-connect/token");
        this.adminBase = adminBase(base);
        this.clientId = clientId;
        this.secret = secret;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** {@code http://host/realms/vdi} gives {@code http://host/admin/realms/vdi}. */
    static String adminBase(String issuer) {
        int at = issuer.lastIndexOf("/realms/");
        if (at < 0) {
            throw new IllegalArgumentException("not a Keycloak realm issuer: " + issuer);
        }
        return issuer.substring(0, at) + "/admin" + issuer.substring(at);
    }

    String groupsJson() throws DirectoryException {
        return get("/groups?briefRepresentation=true&populateHierarchy=true&max=1000");
    }

    String rolesJson() throws DirectoryException {
        return get("/roles?briefRepresentation=true&max=1000");
    }

    private String get(String path) throws DirectoryException {
        Answer r = send(HttpRequest.newBuilder(URI.create(adminBase + path))
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + token().value()).GET());
        if (r.status() == 401) {
            token = null; // revoked or expired early: the next call fetches a new one
        }
        if (r.status() != 200) {
            throw new DirectoryException("GET " + path + " answered HTTP " + r.status()
                    + (r.status() == 403 ? " (the service account of " + clientId
                            + " lacks realm-management view-realm or query-groups)" : ""));
        }
        return r.body();
    }

    private ServiceToken token() throws DirectoryException {
        long now = System.currentTimeMillis();
        if (token != null && token.freshAt(now, TOKEN_MARGIN_MILLIS)) {
            return token;
        }
        String basic = Base64.getEncoder().encodeToString((enc(clientId) + ":" + enc(secret))
                .getBytes(StandardCharsets.UTF_8));
        Answer r = send(HttpRequest.newBuilder(tokenEndpoint)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")));
        if (r.status() != 200) {
            throw new DirectoryException("the client credentials grant of " + clientId + " answered HTTP "
                    + r.status());
        }
        token = DirectoryJson.token(r.body(), now);
        return token;
    }

    /** An HTTP status and the body as text. */
    private record Answer(int status, String body) {
    }

    private Answer send(HttpRequest.Builder request) throws DirectoryException {
        HttpRequest req = request.timeout(REQUEST_TIMEOUT).build();
        try {
            HttpResponse<String> r = CappedBody.send(http, req, MAX_RESPONSE_BYTES);
            return new Answer(r.statusCode(), r.body());
        } catch (BodyTooLargeException e) {
            throw new DirectoryException(req.method() + " " + req.uri() + " sent an oversized answer", e);
        } catch (IOException e) {
            throw new DirectoryException(req.method() + " " + req.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DirectoryException("interrupted while reading Keycloak's directory", e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
