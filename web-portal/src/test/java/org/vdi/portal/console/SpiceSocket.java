package org.vdi.portal.console;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One SPICE channel through console-proxy's bridge, as spice-html5 opens it: a
 * WebSocket with subprotocol "binary" to {@code bridgeUrl?ticket=...}, with an
 * Origin header. Its bytes are offered as blocking streams, so the SPICE link
 * helper runs over it as over a TCP socket; writes are sent as one binary
 * message per flush.
 */
final class SpiceSocket implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final byte[] END = new byte[0];

    /** How the bridge closed the WebSocket. */
    record Close(int code, String reason) {
    }

    private final BlockingQueue<byte[]> incoming = new LinkedBlockingQueue<>();
    private final CompletableFuture<Close> closed = new CompletableFuture<>();
    private final WebSocket socket;
    private final InputStream in = new Input();
    private final OutputStream out = new Output();

    private SpiceSocket(String url, String ticket, String origin) {
        WebSocket.Builder b = HTTP.newWebSocketBuilder().subprotocols("binary").connectTimeout(Duration.ofSeconds(10));
        if (origin != null) {
            b.header("Origin", origin);
        }
        URI uri = URI.create(url + "?ticket=" + URLEncoder.encode(ticket, StandardCharsets.UTF_8));
        try {
            socket = b.buildAsync(uri, new Listener()).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot open " + url + ": " + e, e);
        }
    }

    static SpiceSocket open(String bridgeUrl, String ticket, String origin) {
        return new SpiceSocket(bridgeUrl, ticket, origin);
    }

    String subprotocol() {
        return socket.getSubprotocol();
    }

    InputStream in() {
        return in;
    }

    OutputStream out() {
        return out;
    }

    /** The bridge's close, waiting for it. */
    Close awaitClose(Duration timeout) {
        try {
            return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("the bridge did not close the WebSocket within " + timeout, e);
        }
    }

    boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        try {
            closed.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            socket.abort();
        }
    }

    private final class Listener implements WebSocket.Listener {
        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            incoming.add(b);
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(new Close(statusCode, reason));
            incoming.add(END);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.complete(new Close(-1, String.valueOf(error)));
            incoming.add(END);
        }
    }

    private final class Input extends InputStream {
        private byte[] current = new byte[0];
        private int pos;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0; // InputStream.readNBytes asks for 0 bytes once it has enough: never block then
            }
            while (pos >= current.length) {
                if (current == END) {
                    return -1;
                }
                try {
                    byte[] next = incoming.poll(20, TimeUnit.SECONDS);
                    if (next == null) {
                        throw new IOException("nothing from the SPICE bridge for 20 s");
                    }
                    current = next;
                    pos = 0;
                    if (next == END) {
                        incoming.add(END);
                        return -1;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            }
            int n = Math.min(len, current.length - pos);
            System.arraycopy(current, pos, b, off, n);
            pos += n;
            return n;
        }
    }

    private final class Output extends OutputStream {
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

        @Override
        public void write(int b) {
            pending.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            pending.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            if (pending.size() == 0) {
                return;
            }
            try {
                socket.sendBinary(ByteBuffer.wrap(pending.toByteArray()), true).get(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IOException("cannot send to the SPICE bridge: " + e, e);
            }
            pending.reset();
        }
    }
}
