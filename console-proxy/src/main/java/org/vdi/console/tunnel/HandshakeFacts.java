package org.vdi.console.tunnel;

import java.util.Objects;
import java.util.Optional;

import jakarta.websocket.Session;

/**
 * What only the HTTP upgrade request tells about a console connection: the
 * page's Origin, the Host it was sent to, and the browser's address, with the
 * query string the handshake carried (its ticket).
 *
 * <p>The facts travel in the user properties of the one handshake that produced
 * them: Jakarta WebSocket 2.1 gives every handshake its own copy of the
 * endpoint's user properties in {@code modifyHandshake}, and the session it
 * opens starts from that copy. Nothing is shared between handshakes, so two
 * handshakes with the same ticket (a retry of a dropped upgrade, a second SPICE
 * channel) cannot see or spoil each other's facts.
 */
record HandshakeFacts(String origin, String host, String clientAddr, String query) {

    /** The user property that carries one handshake's facts to its session. */
    static final String PROPERTY = HandshakeFacts.class.getName();

    /**
     * The facts of the handshake that opened this session, once. Empty when the
     * handshake was not seen, or when the facts name another request (a container
     * that shared user properties between handshakes): the socket is then refused.
     */
    static Optional<HandshakeFacts> takeFrom(Session session) {
        Object v = session.getUserProperties().remove(PROPERTY);
        return v instanceof HandshakeFacts f && Objects.equals(f.query(), session.getQueryString())
                ? Optional.of(f) : Optional.empty();
    }
}
