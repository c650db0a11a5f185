package org.vdi.portal.http;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one way the portal reads answers of other services (Keycloak's keys, token
 * endpoint, admin API, discovery document): at most a given number of bytes, and
 * within the request's timeout for the whole exchange, body included. The JDK's
 * {@code HttpRequest.timeout} stops counting once the headers are in, so without
 * this a service that sends its body slowly, or without end, could hold a request
 * thread or fill memory.
 */
public final class CappedBody {

    private CappedBody() {
    }

    /**
     * A body handler that gives the body as UTF-8 text and fails with
     * {@link BodyTooLargeException} as soon as more than {@code maxBytes} arrive (or are
     * announced by Content-Length), without reading the rest.
     */
    public static HttpResponse.BodyHandler<String> utf8(int maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes < 0: " + maxBytes);
        }
        return info -> new CappedSubscriber(maxBytes,
                info.headers().firstValueAsLong("Content-Length").orElse(-1));
    }

    /**
     * Sends the request and reads the answer as UTF-8 text of at most {@code maxBytes}.
     * The request's timeout, when it has one, bounds the whole exchange.
     *
     * @throws BodyTooLargeException the answer is longer than {@code maxBytes}
     * @throws HttpTimeoutException the exchange took longer than the request's timeout
     * @throws IOException the service could not be reached or the answer broke off
     */
    public static HttpResponse<String> send(HttpClient client, HttpRequest request, int maxBytes)
            throws IOException, InterruptedException {
        // NOTE: the calling thread waits here; the client's own threads receive the body.
        CompletableFuture<HttpResponse<String>> answer = client.sendAsync(request, utf8(maxBytes));
        Optional<Duration> timeout = request.timeout();
        try {
            return timeout.isPresent()
                    ? answer.get(timeout.get().toMillis(), TimeUnit.MILLISECONDS)
                    : answer.get();
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new HttpTimeoutException(request.method() + " " + request.uri() + " took longer than "
                    + timeout.get().toMillis() + " ms");
        } catch (InterruptedException e) {
            answer.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(request.method() + " " + request.uri() + " failed: " + cause, cause);
        }
    }
}
