package org.vdi.console.tunnel;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;

import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;

/**
 * Notes each console handshake's Origin, Host and client address for the
 * connection it opens (see {@link HandshakeFacts}), for the Guacamole tunnel and
 * the SPICE bridge alike. The endpoints judge them on the console's own thread,
 * where a refusal can be audited and shown to the user, so {@link #checkOrigin}
 * lets every origin through.
 */
public class HandshakeConfigurator extends ServerEndpointConfig.Configurator {

    @Override
    public boolean checkOrigin(String originHeaderValue) {
        return true;
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
        super.modifyHandshake(sec, request, response);
        Map<String, List<String>> headers = request.getHeaders();
        // NOTE: sec's user properties belong to this handshake alone (Jakarta WebSocket 2.1, and Tyrus
        // copies them per request); its session starts with them
        sec.getUserProperties().put(HandshakeFacts.PROPERTY, new HandshakeFacts(header(headers, "Origin"),
                header(headers, "Host"), remoteAddress(request), request.getQueryString()));
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
