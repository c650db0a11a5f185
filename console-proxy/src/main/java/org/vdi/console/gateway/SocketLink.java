package org.vdi.console.gateway;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A client that connected over TCP, as to guacd. */
final class SocketLink implements ClientLink {

    private final Socket client;
    private InstructionReader input;
    private GuacOutput output;

    SocketLink(Socket client) {
        this.client = client;
    }

    @Override
    public void open() throws IOException {
        client.setSoTimeout(GatewaySession.CLIENT_TIMEOUT_MS);
        client.setTcpNoDelay(true);
        output = new GuacOutput(client.getOutputStream());
        input = new InstructionReader(
                new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8)),
                GatewaySession.HANDSHAKE_MAX_LENGTH, GatewaySession.MAX_ELEMENTS);
    }

    @Override
    public InstructionSource input() {
        return input;
    }

    @Override
    public GuacOutput output() {
        return output;
    }

    @Override
    public void close() {
        VncConnector.close(client);
    }
}
