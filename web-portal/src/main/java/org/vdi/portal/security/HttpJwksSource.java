package org.vdi.portal.security;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.vdi.portal.http.BodyTooLargeException;
import org.vdi.portal.http.CappedBody;

/**
 * Downloads the JWKS document over HTTP(S) with short timeouts and a size cap,
 * so a slow or hostile endpoint cannot hold request threads or memory for long.
 */
public class HttpJwksSource implements JwksSource {

    static final int MAX_DOCUMENT_BYTES = 256 * 1024;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final URI uri;
    private final HttpClient client;

    public HttpJwksSource(URI uri) {
        this.uri = uri;
        this.client = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public String fetch() throws SigningKeysUnavailableException {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json")
                .GET().build();
        try {
            HttpResponse<String> response = CappedBody.send(client, request, MAX_DOCUMENT_BYTES);
            if (response.statusCode() != 200) {
                throw new SigningKeysUnavailableException(uri + " answered HTTP " + response.statusCode());
            }
            return response.body();
        } catch (BodyTooLargeException e) {
            throw new SigningKeysUnavailableException(uri + " sent more than " + MAX_DOCUMENT_BYTES + " bytes", e);
        } catch (IOException e) {
            throw new SigningKeysUnavailableException("cannot fetch " + uri + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SigningKeysUnavailableException("interrupted while fetching " + uri, e);
        }
    }

    @Override
    public String toString() {
        return uri.toString();
    }
}
