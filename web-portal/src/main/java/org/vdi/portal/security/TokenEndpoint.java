package org.vdi.portal.security;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;

import org.vdi.portal.http.BodyTooLargeException;
import org.vdi.portal.http.CappedBody;
import org.vdi.portal.security.SignInException.Kind;

/**
 * Redeems an authorization code at the realm's token endpoint (RFC 6749, 4.1.3,
 * with the PKCE verifier of RFC 7636), authenticating as the confidential client
 * with HTTP Basic. Short timeouts and a size cap, like the JWKS download, so a
 * slow Keycloak cannot hold request threads for long.
 */
public class TokenEndpoint {

    static final int MAX_RESPONSE_BYTES = 256 * 1024;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

    /** The tokens of a successful exchange; the refresh token may be absent. */
    public record Tokens(String idToken, String accessToken, String refreshToken) {

        @Override
        public String toString() {
            return "Tokens[...]";
        }
    }

    private final URI uri;
    private final HttpClient client;

    public TokenEndpoint(URI uri) {
        this.uri = uri;
        this.client = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public Tokens exchange(String code, String codeVerifier, String redirectUri, String clientId, String secret)
            throws SignInException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri);
        form.put("code_verifier", codeVerifier);
        Tokens t = post(form, clientId, secret, "this sign-in link was already used or has expired",
                "the sign-in service refused to complete the sign-in");
        if (t.idToken() == null) {
            throw new SignInException(Kind.BAD_ANSWER, "the sign-in service sent no tokens",
                    new IOException("POST " + uri + ": the answer lacks id_token"));
        }
        return t;
    }

    /**
     * New tokens for a signed-in session (RFC 6749, 6): the realm's current roles and
     * groups. {@link Kind#STALE} when the realm says the sign-in is over (the Keycloak
     * session ended, the user was disabled or removed).
     */
    public Tokens refresh(String refreshToken, String clientId, String secret) throws SignInException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        return post(form, clientId, secret, "the sign-in session has ended in the realm",
                "the sign-in service refused to renew the sign-in");
    }

    private Tokens post(Map<String, String> form, String clientId, String secret, String staleMessage,
            String refusedMessage) throws SignInException {
        // RFC 6749, 2.3.1: id and secret are form-encoded before they go into Basic.
        String basic = Base64.getEncoder().encodeToString((enc(clientId) + ":" + enc(secret))
                .getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.ofString(form.entrySet().stream()
                        .map(e -> e.getKey() + "=" + enc(e.getValue())).collect(Collectors.joining("&"))))
                .build();
        HttpResponse<String> response;
        try {
            response = CappedBody.send(client, request, MAX_RESPONSE_BYTES);
        } catch (BodyTooLargeException e) {
            throw new SignInException(Kind.BAD_ANSWER, "the sign-in service sent an oversized answer", e);
        } catch (IOException e) {
            throw new SignInException(Kind.UNAVAILABLE, "the sign-in service cannot be reached right now",
                    new IOException("POST " + uri + " failed: " + e, e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SignInException(Kind.UNAVAILABLE, "sign-in was interrupted", e);
        }
        JsonObject json = parse(response.body());
        if (response.statusCode() != 200) {
            String error = json == null ? null : string(json, "error");
            // invalid_grant: the code was used, expired, or belongs to another request
            Kind kind = response.statusCode() >= 500 ? Kind.UNAVAILABLE
                    : "invalid_grant".equals(error) ? Kind.STALE : Kind.BAD_ANSWER;
            throw new SignInException(kind, kind == Kind.STALE ? staleMessage : refusedMessage,
                    new IOException("POST " + uri + " answered HTTP " + response.statusCode() + " error="
                            + error + " " + (json == null ? "" : string(json, "error_description"))));
        }
        String idToken = json == null ? null : string(json, "id_token");
        String accessToken = json == null ? null : string(json, "access_token");
        if (accessToken == null) {
            throw new SignInException(Kind.BAD_ANSWER, "the sign-in service sent no tokens",
                    new IOException("POST " + uri + ": the answer lacks access_token"));
        }
        return new Tokens(idToken, accessToken, json == null ? null : string(json, "refresh_token"));
    }

    private static JsonObject parse(String body) {
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            return reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            return null;
        }
    }

    private static String string(JsonObject o, String name) {
        return o.get(name) instanceof JsonString s ? s.getString() : null;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
