package org.vdi.portal.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The broker's REST API ({@code /api/v1}) as one user: each request carries
 * that user's bearer token (from {@link Keycloak}'s cache), or none for
 * {@link #anonymous()}. Bodies are written with {@link Json}.
 */
public final class ApiClient {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final String user;
    private final String password;
    private final String fixedToken;
    /** The API's base URL; null for the portal of {@link ItEnv#apiUrl()}. */
    private final String apiUrl;

    private ApiClient(String user, String password) {
        this(user, password, null, null);
    }

    private ApiClient(String user, String password, String fixedToken, String apiUrl) {
        this.user = user;
        this.password = password;
        this.fixedToken = fixedToken;
        this.apiUrl = apiUrl;
    }

    public static ApiClient as(String user, String password) {
        return new ApiClient(user, password);
    }

    /** admin/admin: role vdi-admin. */
    public static ApiClient admin() {
        return as("admin", "admin");
    }

    /** alice/alice: role vdi-user, group staff. */
    public static ApiClient alice() {
        return as("alice", "alice");
    }

    /** bob/bob: role vdi-user, group staff. */
    public static ApiClient bob() {
        return as("bob", "bob");
    }

    /** Requests without any Authorization header. */
    public static ApiClient anonymous() {
        return new ApiClient(null, null);
    }

    /** Requests with this exact bearer token (e.g. a forged or malformed one). */
    public static ApiClient withToken(String token) {
        return new ApiClient(null, null, token, null);
    }

    /** The same user against another broker node, whose portal is at {@code portalUrl}. */
    public ApiClient on(String portalUrl) {
        return new ApiClient(user, password, fixedToken, portalUrl + "/api/v1");
    }

    public String user() {
        return user;
    }

    /** Fetches (or reuses) this user's token now, e.g. before a timed burst of requests. */
    public ApiClient login() {
        if (user != null) {
            Keycloak.token(user, password);
        }
        return this;
    }

    public ApiResponse get(String path) {
        return send("GET", path, null);
    }

    public ApiResponse post(String path, Object body) {
        return send("POST", path, body);
    }

    public ApiResponse put(String path, Object body) {
        return send("PUT", path, body);
    }

    public ApiResponse delete(String path) {
        return send("DELETE", path, null);
    }

    /** Sends a raw body as application/json (for malformed input). */
    public ApiResponse postRaw(String path, String rawJson) {
        return exchange("POST", path, HttpRequest.BodyPublishers.ofString(rawJson), true);
    }

    public ApiResponse send(String method, String path, Object body) {
        return exchange(method, path, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(Json.write(body)), body != null);
    }

    private ApiResponse exchange(String method, String path, HttpRequest.BodyPublisher publisher, boolean json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create((apiUrl == null ? ItEnv.apiUrl() : apiUrl) + path))
                .timeout(TIMEOUT)
                .header("Accept", "application/json")
                .method(method, publisher);
        if (json) {
            b.header("Content-Type", "application/json");
        }
        if (fixedToken != null) {
            b.header("Authorization", "Bearer " + fixedToken);
        } else if (user != null) {
            b.header("Authorization", "Bearer " + Keycloak.token(user, password));
        }
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new ApiResponse(method, path, user, r.statusCode(), r.body());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " as " + user + ": no answer from the portal at "
                    + (apiUrl == null ? ItEnv.apiUrl() : apiUrl) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** One answer of the API. */
    public record ApiResponse(String method, String path, String user, int status, String body) {

        public Object json() {
            try {
                return Json.parse(body);
            } catch (IllegalArgumentException e) {
                throw new AssertionError(this + ": the body is not JSON: " + e.getMessage());
            }
        }

        public Map<String, Object> object() {
            return Json.object(json());
        }

        public List<Map<String, Object>> objects() {
            return Json.objects(json());
        }

        /** A member of the JSON object body, as a string. */
        public String field(String name) {
            return Json.str(object(), name);
        }

        /** The {@code code} of an error body, or null when the body is not such an object. */
        public String errorCode() {
            try {
                Object j = Json.parse(body);
                return j instanceof Map ? Json.str(Json.object(j), "code") : null;
            } catch (IllegalArgumentException e) {
                return null;
            }
        }

        /** Fails, with method, path, user, status and body, unless the status is one of these. */
        public ApiResponse expect(int... statuses) {
            if (Arrays.stream(statuses).noneMatch(s -> s == status)) {
                throw new AssertionError("expected HTTP " + Arrays.toString(statuses) + " but got " + this);
            }
            return this;
        }

        /** Fails unless the status matches and the error body carries this code (and a message). */
        public ApiResponse expectError(int expectedStatus, String expectedCode) {
            expect(expectedStatus);
            Map<String, Object> o;
            try {
                o = object();
            } catch (RuntimeException | AssertionError e) {
                throw new AssertionError("expected an error body {code, message} with code " + expectedCode
                        + " but got " + this);
            }
            if (!expectedCode.equals(Json.str(o, "code"))) {
                throw new AssertionError("expected error code " + expectedCode + " but got " + this);
            }
            if (o.get("message") == null) {
                throw new AssertionError("the error has no message: " + this);
            }
            return this;
        }

        @Override
        public String toString() {
            String b = body == null ? "" : body.length() > 2000 ? body.substring(0, 2000) + "..." : body;
            return method + " " + path + " as " + (user == null ? "(no token)" : user) + " -> HTTP " + status
                    + " " + b;
        }
    }
}
