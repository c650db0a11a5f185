package org.vdi.console.tunnel;

import java.util.List;
import java.util.Map;

import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;

/**
 * Notes each SPICE bridge handshake's Origin, Host and client address for the
 * connection, as {@link TunnelConfigurator} does for the Guacamole tunnel; the
 * ledger is repeatable, as every channel of a SPICE session carries the same
 * ticket in the same URL.
 */
public class SpiceConfigurator extends ServerEndpointConfig.Configurator {

    // NOTE: one configurator per endpoint, shared by all its handshakes; the ledger is thread safe
    private final HandshakeLedger ledger = new HandshakeLedger(true);

    @Override
    public boolean checkOrigin(String originHeaderValue) {
        return true; // judged in onOpen, where the refusal can be audited and explained
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
        super.modifyHandshake(sec, request, response);
        Map<String, List<String>> headers = request.getHeaders();
        ledger.put(request.getQueryString(), new HandshakeFacts(TunnelConfigurator.header(headers, "Origin"),
                TunnelConfigurator.header(headers, "Host"), TunnelConfigurator.remoteAddress(request)));
    }

    HandshakeLedger ledger() {
        return ledger;
    }
}
