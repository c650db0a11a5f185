package org.vdi.console.tunnel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;

/**
 * A SPICE channel's browser side: binary frames out, and a close whose code
 * follows the status (as the Guacamole tunnel's) and whose reason is the
 * user's message, which the SPICE page shows.
 */
final class WebSocketBinary implements SpiceChannel.Browser {

    private static final Logger LOG = Logger.getLogger(WebSocketBinary.class.getName());
    /** A close frame's reason is at most 123 bytes of UTF-8. */
    static final int MAX_REASON_BYTES = 123;

    private final Session session;

    WebSocketBinary(Session session) {
        this.session = session;
    }

    // NOTE: RemoteEndpoint.Basic allows one send at a time; the reader thread sends, the
    // watcher and the container close
    @Override
    public synchronized void send(ByteBuffer data) throws IOException {
        if (!session.isOpen()) {
            throw new IOException("the browser's WebSocket is closed");
        }
        session.getBasicRemote().sendBinary(data);
    }

    @Override
    public synchronized void close(Closing why) {
        if (!session.isOpen()) {
            return;
        }
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(why.status().getWebSocketCode()),
                    reason(why.error() ? why.message() : "")));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "Cannot close the SPICE WebSocket cleanly", e);
        }
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
