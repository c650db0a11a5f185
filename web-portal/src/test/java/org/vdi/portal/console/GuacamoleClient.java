package org.vdi.portal.console;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A browser's side of the console tunnel for the tests: java.net.http's
 * WebSocket with subprotocol "guacamole" and an Origin header, reading the
 * Guacamole instructions console-proxy sends, as guacamole-common-js would.
 * Like guacamole-common-js it answers every {@code sync} with the same
 * timestamp, so the server does not close a console the test keeps open for
 * longer than its 15 s client timeout (a console that says nothing is dropped
 * as "User is not responding."); {@link #openSilent} opens one that does not.
 */
public final class GuacamoleClient implements AutoCloseable {

    /** One received instruction. */
    public record Instruction(String opcode, List<String> args) {
        @Override
        public String toString() {
            return opcode + args;
        }
    }

    /** How the server closed the socket. */
    public record Close(int code, String reason) {
    }

    private final List<Instruction> received = new ArrayList<>();
    private final StringBuilder pending = new StringBuilder();
    private final CompletableFuture<Close> closed = new CompletableFuture<>();
    private final WebSocket socket;
    private final boolean answersSync;
    /** Sends one after the other: java.net.http refuses a text while the previous one is still going out. */
    private final Object sendLock = new Object();
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

    private GuacamoleClient(URI uri, String origin, boolean answersSync) {
        this.answersSync = answersSync;
        WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder()
                .subprotocols("guacamole")
                .connectTimeout(Duration.ofSeconds(10));
        if (origin != null) {
            b.header("Origin", origin);
        }
        try {
            this.socket = b.buildAsync(uri, new Listener()).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("the WebSocket handshake with " + uri + " failed: " + e, e);
        }
    }

    /** Opens {@code tunnelUrl?ticket=...&width=1024&height=768&dpi=96} with this Origin (null: none). */
    public static GuacamoleClient open(String tunnelUrl, String ticket, String origin) {
        return new GuacamoleClient(uri(tunnelUrl, ticket), origin, true);
    }

    /** As {@link #open}, but a client that never answers {@code sync}: the server drops it after 15 s. */
    public static GuacamoleClient openSilent(String tunnelUrl, String ticket, String origin) {
        return new GuacamoleClient(uri(tunnelUrl, ticket), origin, false);
    }

    private static URI uri(String tunnelUrl, String ticket) {
        String q = "?width=1024&height=768&dpi=96"
                + (ticket == null ? "" : "&ticket=" + URLEncoder.encode(ticket, StandardCharsets.UTF_8));
        return URI.create(tunnelUrl + q);
    }

    public String subprotocol() {
        return socket.getSubprotocol();
    }

    public void send(String instructions) {
        enqueue(socket, instructions).join();
    }

    private CompletableFuture<?> enqueue(WebSocket ws, String instructions) {
        synchronized (sendLock) {
            CompletableFuture<?> next = sending.handle((x, e) -> null)
                    .thenCompose(x -> ws.sendText(instructions, true));
            sending = next;
            return next;
        }
    }

    /** Waits for an instruction with this opcode; fails with everything received so far. */
    public Instruction await(String opcode, Duration timeout) {
        return await("instruction " + opcode, i -> i.opcode().equals(opcode), timeout);
    }

    public synchronized Instruction await(String what, Predicate<Instruction> p, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            for (Instruction i : received) {
                if (p.test(i)) {
                    return i;
                }
            }
            long left = Duration.between(Instant.now(), deadline).toMillis();
            if (left <= 0 || closed.isDone()) {
                throw new AssertionError("no " + what + " within " + timeout.toSeconds() + " s; received "
                        + summary() + (closed.isDone() ? "; closed " + closed.join() : ""));
            }
            try {
                wait(Math.min(left, 200));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    /** Waits until the server closes the socket. */
    public Close awaitClose(Duration timeout) {
        try {
            return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("the server did not close the socket within " + timeout.toSeconds()
                    + " s; received " + summary(), e);
        }
    }

    public synchronized List<Instruction> received() {
        return List.copyOf(received);
    }

    /** Opcodes received, in order, with repeats collapsed (for messages). */
    public synchronized String summary() {
        StringBuilder b = new StringBuilder("[");
        String last = null;
        int n = 0;
        for (Instruction i : received) {
            String op = i.opcode().equals("error") ? i.toString() : i.opcode();
            if (op.equals(last)) {
                n++;
                continue;
            }
            if (last != null) {
                b.append(last).append(n > 1 ? "x" + n : "").append(' ');
            }
            last = op;
            n = 1;
        }
        if (last != null) {
            b.append(last).append(n > 1 ? "x" + n : "");
        }
        return b.append(']').toString();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            try {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException | CompletionException e) {
                socket.abort();
            }
        }
    }

    /** Parses whole instructions (LENGTH.VALUE,...;), keeping an unfinished one for the next frame. */
    private synchronized void text(WebSocket ws, CharSequence data) {
        pending.append(data);
        int start = 0;
        int i = 0;
        List<String> elements = new ArrayList<>();
        while (true) {
            int dot = pending.indexOf(".", i);
            if (dot < 0) {
                break;
            }
            int length = Integer.parseInt(pending.substring(i, dot));
            int end = dot + 1;
            for (int n = 0; n < length && end < pending.length(); n++) {
                end += Character.charCount(pending.codePointAt(end));
            }
            if (end >= pending.length() || pending.codePointCount(dot + 1, end) < length) {
                break; // the rest comes in the next frame
            }
            elements.add(pending.substring(dot + 1, end));
            char terminator = pending.charAt(end);
            i = end + 1;
            if (terminator == ';') {
                Instruction ins = new Instruction(elements.get(0), List.copyOf(elements.subList(1, elements.size())));
                received.add(ins);
                if (answersSync && ins.opcode().equals("sync") && !ins.args().isEmpty() && !ws.isOutputClosed()) {
                    String ts = ins.args().get(0);
                    enqueue(ws, "4.sync," + ts.length() + "." + ts + ";");
                }
                elements.clear();
                start = i;
            } else if (terminator != ',') {
                throw new IllegalStateException("malformed instruction stream: " + pending.substring(start));
            }
        }
        pending.delete(0, start);
        notifyAll();
    }

    private synchronized void onClosed(int code, String reason) {
        closed.complete(new Close(code, reason));
        notifyAll();
    }

    private final class Listener implements WebSocket.Listener {

        private final StringBuilder frame = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            frame.append(data);
            if (last) {
                text(ws, frame);
                frame.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            onClosed(statusCode, reason);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            onClosed(-1, String.valueOf(error));
        }
    }
}
