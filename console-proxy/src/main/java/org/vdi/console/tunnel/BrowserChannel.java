package org.vdi.console.tunnel;

import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;

import org.apache.guacamole.protocol.GuacamoleInstruction;

/**
 * The browser's side of a console: text frames out, and the close. Every
 * send goes through here, so the reader thread, ping replies and closes never
 * interleave inside one frame.
 */
final class BrowserChannel {

    private static final Logger LOG = Logger.getLogger(BrowserChannel.class.getName());

    private final Session session;

    BrowserChannel(Session session) {
        this.session = session;
    }

    // NOTE: RemoteEndpoint.Basic allows one send at a time; the reader thread,
    // the container's message thread and the watcher all send
    synchronized void send(String text) throws IOException {
        if (!session.isOpen()) {
            throw new IOException("the browser's WebSocket is closed");
        }
        session.getBasicRemote().sendText(text);
    }

    /**
     * Tells the browser why (a Guacamole {@code error} instruction, which
     * guacamole-common-js shows) and closes with the status's WebSocket code
     * and, as Guacamole's own tunnel does, its numeric status as the reason.
     */
    synchronized void close(Closing closing) {
        if (!session.isOpen()) {
            return;
        }
        try {
            if (closing.error()) {
                session.getBasicRemote().sendText(new GuacamoleInstruction("error", closing.message(),
                        Integer.toString(closing.status().getGuacamoleStatusCode())).toString());
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "Cannot send the error instruction before closing", e);
        }
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(closing.status().getWebSocketCode()),
                    Integer.toString(closing.status().getGuacamoleStatusCode())));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "Cannot close the WebSocket cleanly", e);
        }
    }

    String id() {
        return session.getId();
    }
}
