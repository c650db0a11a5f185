package org.vdi.console.tunnel;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

import org.apache.guacamole.protocol.GuacamoleClientInformation;
import org.junit.jupiter.api.Test;
import org.vdi.console.api.Redemption;
import org.vdi.console.config.ConsoleSettings;
import org.vdi.console.config.GuacdSettings;

/**
 * guacd faults on the way in: nothing listening, a handshake that breaks off, and a
 * server that answers {@code select} with a protocol version of another generation. Each
 * is the console service's fault, reported as such (never as the desktop's).
 */
class UpstreamConnectorTest {

    private static final Redemption R = new Redemption(UUID.randomUUID(), "vnc", "127.0.0.1", 5900, "secret12",
            UUID.randomUUID(), "demo-1", "alice", "sid", true);

    @Test
    void noGuacdListeningIsServiceUnavailable() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        GuacdUnavailableException e = assertThrows(GuacdUnavailableException.class,
                () -> connector(port).connect(R, new GuacamoleClientInformation()));
        assertTrue(e.getMessage().contains("cannot connect to guacd at 127.0.0.1:" + port), e.getMessage());
    }

    @Test
    void aGuacdThatHangsUpDuringTheHandshakeIsServiceUnavailable() throws Exception {
        try (Answering guacd = new Answering("")) {
            GuacdUnavailableException e = assertThrows(GuacdUnavailableException.class,
                    () -> connector(guacd.port()).connect(R, new GuacamoleClientInformation()));
            assertTrue(e.getMessage().contains("handshake with guacd"), e.getMessage());
        }
    }

    @Test
    void anotherMajorProtocolVersionIsServiceUnavailable() throws Exception {
        try (Answering guacd = new Answering("4.args,13.VERSION_2_0_0,8.hostname,4.port,8.password;")) {
            GuacdUnavailableException e = assertThrows(GuacdUnavailableException.class,
                    () -> connector(guacd.port()).connect(R, new GuacamoleClientInformation()));
            assertTrue(e.getMessage().contains("speaks protocol VERSION_2_0_0"), e.getMessage());
        }
    }

    @Test
    void guacdTriesARefusedDisplayPasswordOnceAndKeepsImagesLossless() {
        org.apache.guacamole.protocol.GuacamoleConfiguration c = UpstreamConnector.configuration(R, false);
        org.junit.jupiter.api.Assertions.assertEquals("0", c.getParameter("autoretry"));
        org.junit.jupiter.api.Assertions.assertEquals("true", c.getParameter("force-lossless"));
    }

    private static UpstreamConnector connector(int port) {
        UpstreamConnector c = new UpstreamConnector();
        c.guacd = new GuacdSettings() {
            @Override
            public Optional<String> host() {
                return Optional.of("127.0.0.1");
            }

            @Override
            public int port() {
                return port;
            }
        };
        c.settings = new ConsoleSettings() {
            @Override
            public boolean lossy() {
                return false;
            }
        };
        return c;
    }

    /** One connection: reads the client's select, answers {@code reply}, then hangs up. */
    private static final class Answering implements AutoCloseable {

        private final ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        private final Thread thread;

        Answering(String reply) throws IOException {
            thread = new Thread(() -> {
                try (Socket s = server.accept()) {
                    InputStream in = s.getInputStream();
                    int b;
                    while ((b = in.read()) >= 0 && b != ';') {
                        // the select instruction
                    }
                    OutputStream out = s.getOutputStream();
                    out.write(reply.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    // then read until the client hangs up
                    while (in.read() >= 0) {
                        // discard
                    }
                } catch (IOException e) {
                    // the test closed the server
                }
            }, "fake-guacd");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws Exception {
            server.close();
            thread.join(5000);
        }
    }
}
