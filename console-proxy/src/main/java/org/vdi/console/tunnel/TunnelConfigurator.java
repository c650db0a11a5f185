package org.vdi.console.tunnel;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;

import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;

/**
 * Notes the handshake's Origin, Host and client address for the connection
 * (see {@link HandshakeLedger}); the tunnel endpoint judges them in onOpen,
 * where it can answer with a Guacamole error the browser shows. The Origin is
 * therefore not judged here ({@link #checkOrigin} lets every origin through).
 */
public class TunnelConfigurator extends ServerEndpointConfig.Configurator {

    // NOTE: one configurator per endpoint, shared by all its handshakes; the ledger is thread safe
    private final HandshakeLedger ledger = new HandshakeLedger();

    @Override
    public boolean checkOrigin(String originHeaderValue) {
        return true;
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
        super.modifyHandshake(sec, request, response);
        Map<String, List<String>> headers = request.getHeaders();
        ledger.put(request.getQueryString(), new HandshakeFacts(header(headers, "Origin"), header(headers, "Host"),
                remoteAddress(request)));
    }

    HandshakeLedger ledger() {
        return ledger;
    }

    static String header(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && e.getValue() != null
                    && e.getValue().size() == 1) {
                return e.getValue().get(0);
            }
        }
        return null;
    }

    /**
     * The WebSocket API does not expose the client's address; Payara's
     * implementation (Tyrus) has it on its request object. Elsewhere: unknown.
     */
    static String remoteAddress(HandshakeRequest request) {
        try {
            Method m = request.getClass().getMethod("getRemoteAddr");
            Object v = m.invoke(request);
            return v == null ? null : v.toString();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
