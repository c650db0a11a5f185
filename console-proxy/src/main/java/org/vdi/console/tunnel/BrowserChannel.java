package org.vdi.console.tunnel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;

import org.apache.guacamole.protocol.GuacamoleInstruction;

/**
 * The browser's side of a console's WebSocket: frames out, and the close. Every
 * send goes through here, so the reader thread, ping replies and closes never
 * interleave inside one frame. The close code always follows the status, as
 * Guacamole's own tunnel does; how the user learns why depends on the page
 * ({@link Telling}).
 */
final class BrowserChannel implements SpiceChannel.Browser, ConsoleConnection.Part {

    private static final Logger LOG = Logger.getLogger(BrowserChannel.class.getName());
    /** A close frame's reason is at most 123 bytes of UTF-8. */
    static final int MAX_REASON_BYTES = 123;

    /** How the page learns why its console closed. */
    enum Telling {
        /**
         * guacamole-common-js: a Guacamole {@code error} instruction first, which it
         * shows, and the numeric status as the close reason.
         */
        GUACAMOLE,
        /** spice-html5's page: the user's message as the close reason, which it shows. */
        CLOSE_REASON
    }

    /** How long after onOpen returned a close still waits: the container finishes the upgrade meanwhile. */
    static final long SETTLE_MILLIS = 100;
    private static final long OPEN_WAIT_SECONDS = 5;

    private final Session session;
    private final Telling telling;
    /** Released when the endpoint's onOpen has returned; see {@link #close}. */
    private final CountDownLatch opened = new CountDownLatch(1);
    private volatile long openedNanos = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(SETTLE_MILLIS);

    /** The Guacamole tunnel's browser. */
    BrowserChannel(Session session) {
        this(session, Telling.GUACAMOLE);
    }

    BrowserChannel(Session session, Telling telling) {
        this(session, telling, false);
    }

    private BrowserChannel(Session session, Telling telling, boolean opening) {
        this.session = session;
        this.telling = telling;
        if (!opening) {
            opened.countDown();
        }
    }

    /**
     * The channel of a WebSocket whose onOpen is still running: closes wait for
     * {@link #opened()}, which the endpoint calls as onOpen's last step.
     */
    static BrowserChannel opening(Session session, Telling telling) {
        return new BrowserChannel(session, telling, true);
    }

    /** onOpen has returned: closes may go ahead (after a moment, see {@link #close}). */
    void opened() {
        openedNanos = System.nanoTime();
        opened.countDown();
    }

    /**
     * NOTE: a close that races the container's own end of the upgrade (onOpen has
     * returned, Grizzly then finishes and recycles the upgrade request) corrupts the
     * recycled request: the next request on it fails ("methodString is null") or its
     * handshake hangs. A refusal needs no broker call (no ticket, a junk one), so it
     * can come within microseconds: it waits until onOpen returned and a moment more.
     */
    private void awaitSettled() {
        try {
            if (!opened.await(OPEN_WAIT_SECONDS, TimeUnit.SECONDS)) {
                return;
            }
            long wait = TimeUnit.MILLISECONDS.toNanos(SETTLE_MILLIS) - (System.nanoTime() - openedNanos);
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // NOTE: RemoteEndpoint.Basic allows one send at a time; the reader thread,
    // the container's message thread and the watcher all send or close
    synchronized void send(String text) throws IOException {
        requireOpen();
        session.getBasicRemote().sendText(text);
    }

    @Override
    public synchronized void send(ByteBuffer data) throws IOException {
        requireOpen();
        session.getBasicRemote().sendBinary(data);
    }

    private void requireOpen() throws IOException {
        if (!session.isOpen()) {
            throw new IOException("the browser's WebSocket is closed");
        }
    }

    /** Tells the browser why, as its page understands it, and closes with the status's WebSocket code. */
    @Override
    public synchronized void close(Closing closing) {
        awaitSettled();
        if (!session.isOpen()) {
            return;
        }
        String reason;
        if (telling == Telling.GUACAMOLE) {
            String status = Integer.toString(closing.status().getGuacamoleStatusCode());
            try {
                if (closing.error()) {
                    session.getBasicRemote().sendText(new GuacamoleInstruction("error", closing.message(), status)
                            .toString());
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.FINE, "Cannot send the error instruction before closing", e);
            }
            reason = status;
        } else {
            reason = reason(closing.error() ? closing.message() : "");
        }
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(closing.status().getWebSocketCode()),
                    reason));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "Cannot close the WebSocket cleanly", e);
        }
    }

    String id() {
        return session.getId();
    }

    /** The message cut to what a close frame carries, on a character boundary. */
    static String reason(String message) {
        String m = message == null ? "" : message;
        while (m.getBytes(StandardCharsets.UTF_8).length > MAX_REASON_BYTES) {
            m = m.substring(0, m.length() - 1);
        }
        return m;
    }
}
