package org.vdi.portal.browser;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.vdi.portal.it.ItEnv;

/**
 * A console held open the way a browser holds it: the ticketed WebSocket to
 * console-proxy with subprotocol "guacamole" and the portal's Origin. The
 * admin pages only need it to exist (a live session) and to notice when an
 * admin terminates it; what it draws is the console tests' business.
 */
final class ConsoleSocket implements AutoCloseable {

    private final WebSocket socket;
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();

    private ConsoleSocket(URI uri) {
        try {
            socket = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("guacamole")
                    .header("Origin", ItEnv.portalUrl()).connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(uri, new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                            ws.request(1);
                            return null;
                        }

                        @Override
                        public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
                            closed.complete(code);
                            return null;
                        }

                        @Override
                        public void onError(WebSocket ws, Throwable error) {
                            closed.complete(-1);
                        }
                    }).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("the console WebSocket " + uri + " did not open: " + e, e);
        }
    }

    static ConsoleSocket open(String tunnelUrl, String ticket) {
        return new ConsoleSocket(URI.create(tunnelUrl + "?width=1024&height=768&dpi=96&ticket="
                + URLEncoder.encode(ticket, StandardCharsets.UTF_8)));
    }

    /** Waits until the server closes the console; returns its close code (-1 on an error). */
    int awaitClosed(Duration timeout) {
        try {
            return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("the console was not closed within " + timeout.toSeconds() + " s", e);
        }
    }

    @Override
    public void close() {
        if (!closed.isDone()) {
            socket.abort();
        }
    }
}
