package org.vdi.portal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The cap on size and time, against a real HTTP server. */
class CappedBodyTest {

    private static final int CAP = 1000;

    private final HttpClient client = HttpClient.newHttpClient();
    private HttpServer server;
    private URI base;

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/fixed/", exchange -> {
            int n = Integer.parseInt(exchange.getRequestURI().getPath().substring("/fixed/".length()));
            byte[] body = "é".repeat(n / 2).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(203, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/chunked", exchange -> {
            exchange.sendResponseHeaders(200, 0); // no Content-Length: chunked
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 100; i++) {
                    out.write(new byte[100]);
                    out.flush();
                }
            } catch (IOException e) {
                // the client hung up once it had enough
            }
        });
        server.createContext("/slow", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 50; i++) {
                    out.write('x');
                    out.flush();
                    Thread.sleep(100);
                }
            } catch (IOException | InterruptedException e) {
                // the client hung up
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        base = URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private HttpResponse<String> get(String path, Duration timeout) throws Exception {
        return CappedBody.send(client, HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).build(), CAP);
    }

    @Test
    void readsAnAnswerUpToTheCapAsUtf8() throws Exception {
        HttpResponse<String> r = get("/fixed/" + CAP, Duration.ofSeconds(5));
        assertEquals(203, r.statusCode());
        assertEquals("é".repeat(CAP / 2), r.body());
    }

    @Test
    void refusesAnAnnouncedLengthOverTheCap() {
        BodyTooLargeException e = assertThrows(BodyTooLargeException.class,
                () -> get("/fixed/" + (CAP + 2), Duration.ofSeconds(5)));
        assertEquals(CAP, e.limit());
    }

    @Test
    void stopsReadingAChunkedAnswerOverTheCap() {
        assertThrows(BodyTooLargeException.class, () -> get("/chunked", Duration.ofSeconds(5)));
    }

    @Test
    void theTimeoutBoundsTheBodyToo() {
        long start = System.nanoTime();
        assertThrows(HttpTimeoutException.class, () -> get("/slow", Duration.ofMillis(800)));
        long took = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertTrue(took < 4000, "gave up after " + took + " ms, not after the 5 s the body takes");
    }

    @Test
    void noServerIsAnIoError() {
        server.stop(0);
        IOException e = assertThrows(IOException.class, () -> get("/fixed/10", Duration.ofSeconds(5)));
        assertTrue(!(e instanceof BodyTooLargeException), e.toString());
    }
}
