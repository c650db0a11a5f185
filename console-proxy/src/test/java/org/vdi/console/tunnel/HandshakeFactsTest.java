package org.vdi.console.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.websocket.Session;

import org.junit.jupiter.api.Test;

class HandshakeFactsTest {

    private static final String QUERY = "ticket=abc&width=1024";

    /** A session as the container hands it to onOpen: its query string and the handshake's user properties. */
    private static Session session(String query, Map<String, Object> properties) {
        return (Session) Proxy.newProxyInstance(Session.class.getClassLoader(), new Class<?>[] {Session.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getQueryString" -> query;
                    case "getUserProperties" -> properties;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static Map<String, Object> handshake(HandshakeFacts facts) {
        Map<String, Object> p = new HashMap<>();
        p.put(HandshakeFacts.PROPERTY, facts);
        return p;
    }

    @Test
    void aSessionTakesTheFactsOfItsOwnHandshakeOnce() {
        HandshakeFacts f = new HandshakeFacts("http://portal", "portal", "10.0.0.1", QUERY);
        Session s = session(QUERY, handshake(f));
        assertEquals(Optional.of(f), HandshakeFacts.takeFrom(s));
        assertTrue(HandshakeFacts.takeFrom(s).isEmpty(), "taken once");
    }

    @Test
    void handshakesWithTheSameTicketKeepTheirOwnFacts() {
        // a dropped upgrade retried with the same URL, or two SPICE channels of one ticket: each handshake
        // has its own properties, so neither spoils the other (the old ledger keyed by URL refused both)
        HandshakeFacts evil = new HandshakeFacts("http://evil.example", "portal", "10.0.0.2", QUERY);
        HandshakeFacts portal = new HandshakeFacts("http://portal", "portal", "10.0.0.1", QUERY);
        Session first = session(QUERY, handshake(evil));
        Session second = session(QUERY, handshake(portal));
        assertEquals(Optional.of(portal), HandshakeFacts.takeFrom(second));
        assertEquals(Optional.of(evil), HandshakeFacts.takeFrom(first));
    }

    @Test
    void factsOfAnotherRequestOrNoneAreRefused() {
        HandshakeFacts other = new HandshakeFacts("http://portal", "portal", "10.0.0.1", "ticket=other");
        assertTrue(HandshakeFacts.takeFrom(session(QUERY, handshake(other))).isEmpty(),
                "a container sharing properties between handshakes must not hand one's facts to another");
        assertTrue(HandshakeFacts.takeFrom(session(QUERY, new HashMap<>())).isEmpty());
        Map<String, Object> junk = new HashMap<>();
        junk.put(HandshakeFacts.PROPERTY, "not facts");
        assertTrue(HandshakeFacts.takeFrom(session(QUERY, junk)).isEmpty());
    }
}
