package org.vdi.console.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.guacamole.GuacamoleException;
import org.apache.guacamole.GuacamoleResourceNotFoundException;
import org.apache.guacamole.GuacamoleUnsupportedException;
import org.apache.guacamole.io.ReaderGuacamoleReader;
import org.apache.guacamole.net.InetGuacamoleSocket;
import org.apache.guacamole.protocol.ConfiguredGuacamoleSocket;
import org.apache.guacamole.protocol.GuacamoleConfiguration;
import org.apache.guacamole.protocol.GuacamoleInstruction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The guacd handshake over a real socket, as the protocol reference describes it:
 * {@code select}, {@code args} led by the protocol version, the client's optional
 * instructions in any order, {@code connect} with values in the order of
 * {@code args}, {@code ready} with a connection id; and errors with status codes.
 */
class HandshakeTest {

    GuacdServer server;

    @BeforeEach
    void start() throws IOException {
        server = new GuacdServer(4, 1);
        server.start(0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void argsListsTheVersionFirstThenTheVncParameters() throws Exception {
        try (Socket s = connect()) {
            send(s, "6.select,3.vnc;");
            GuacamoleInstruction args = reader(s).readInstruction();
            assertEquals("args", args.getOpcode());
            assertEquals("VERSION_1_5_0", args.getArgs().get(0));
            List<String> names = args.getArgs().subList(1, args.getArgs().size());
            for (String n : List.of("hostname", "port", "password", "read-only", "color-depth", "cursor",
                    "clipboard-encoding", "disable-copy", "disable-paste", "swap-red-blue", "dest-host")) {
                assertTrue(names.contains(n), n);
            }
        }
    }

    @Test
    void guacamoleCommonCompletesTheHandshakeAndGetsAConnectionId() throws Exception {
        try (FakeVncServer vnc = new FakeVncServer(16, 8, "secret")) {
            ConfiguredGuacamoleSocket socket = new ConfiguredGuacamoleSocket(
                    new InetGuacamoleSocket(server.host(), server.port()), vncConfig(vnc.port(), "secret"));
            try {
                assertTrue(socket.getConnectionID().matches("\\$[0-9a-f-]{36}"), socket.getConnectionID());
                assertEquals("VERSION_1_5_0", socket.getProtocolVersion().toString());
                assertEquals("version RFB 003.008", vnc.next());
                assertEquals("security 2", vnc.next());
                assertEquals("shared 1", vnc.next());
            } finally {
                socket.close();
            }
        }
    }

    @Test
    void handshakeInstructionsMayComeInAnyOrder() throws Exception {
        try (FakeVncServer vnc = new FakeVncServer(16, 8, "");
                Socket s = connect()) {
            send(s, "6.select,3.vnc;");
            ReaderGuacamoleReader r = reader(s);
            int names = r.readInstruction().getArgs().size() - 1;
            StringBuilder connect = new StringBuilder("7.connect,13.VERSION_1_5_0");
            List<String> values = new ArrayList<>();
            values.add("127.0.0.1");
            values.add(Integer.toString(vnc.port()));
            while (values.size() < names) {
                values.add("");
            }
            for (String v : values) {
                connect.append(',').append(v.length()).append('.').append(v);
            }
            send(s, "8.timezone,13.Europe/Berlin;5.image,9.image/png;4.name,5.alice;4.size,4.1280,3.720,2.96;"
                    + "5.audio;5.video;" + connect + ";");
            GuacamoleInstruction ready = r.readInstruction();
            assertEquals("ready", ready.getOpcode());
            assertTrue(ready.getArgs().get(0).startsWith("$"));
        }
    }

    @Test
    void otherProtocolsAreUnsupported() {
        GuacamoleConfiguration config = new GuacamoleConfiguration();
        config.setProtocol("rdp");
        assertThrows(GuacamoleUnsupportedException.class, () -> new ConfiguredGuacamoleSocket(
                new InetGuacamoleSocket(server.host(), server.port()), config));
    }

    @Test
    void joiningAnUnknownConnectionIsNotFound() {
        GuacamoleConfiguration config = new GuacamoleConfiguration();
        config.setConnectionID("$4f8c9d43-5d1c-4c5e-8f9a-000000000000");
        assertThrows(GuacamoleResourceNotFoundException.class, () -> new ConfiguredGuacamoleSocket(
                new InetGuacamoleSocket(server.host(), server.port()), config));
    }

    @Test
    void malformedInstructionIsABadRequest() throws Exception {
        assertErrorFor("6.select,x.vnc;", "768");
        assertErrorFor("6.select;", "768");
        assertErrorFor("4.size,4.1024,3.768;", "768");
        assertErrorFor("6.select,3.vnc!", "768");
    }

    @Test
    void oversizedInstructionIsAnOverrun() throws Exception {
        assertErrorFor("6.select,9000." + "v".repeat(9000) + ";", "781");
        assertErrorFor("6.select,99999999999.", "781");
    }

    @Test
    void wrongNumberOfConnectValuesIsABadRequest() throws Exception {
        try (Socket s = connect()) {
            send(s, "6.select,3.vnc;");
            ReaderGuacamoleReader r = reader(s);
            r.readInstruction();
            send(s, "4.size,4.1024,3.768;7.connect,13.VERSION_1_5_0,9.localhost;");
            GuacamoleInstruction error = r.readInstruction();
            assertEquals("error", error.getOpcode());
            assertEquals("768", error.getArgs().get(1));
        }
    }

    @Test
    void unreachableVncServerIsUpstreamNotFoundAfterReady() throws Exception {
        int closedPort;
        try (java.net.ServerSocket ss = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = ss.getLocalPort();
        }
        ConfiguredGuacamoleSocket socket = new ConfiguredGuacamoleSocket(
                new InetGuacamoleSocket(server.host(), server.port()), vncConfig(closedPort, ""));
        try {
            GuacamoleInstruction error = socket.getReader().readInstruction();
            assertEquals("error", error.getOpcode());
            assertEquals("519", error.getArgs().get(1)); // 0x0207 UPSTREAM_NOT_FOUND
            assertEquals("disconnect", socket.getReader().readInstruction().getOpcode());
        } finally {
            socket.close();
        }
    }

    @Test
    void wrongVncPasswordIsUnauthorized() throws Exception {
        try (FakeVncServer vnc = new FakeVncServer(16, 8, "right")) {
            ConfiguredGuacamoleSocket socket = new ConfiguredGuacamoleSocket(
                    new InetGuacamoleSocket(server.host(), server.port()), vncConfig(vnc.port(), "wrong"));
            try {
                GuacamoleInstruction error = socket.getReader().readInstruction();
                assertEquals("error", error.getOpcode());
                assertEquals("769", error.getArgs().get(1)); // 0x0301 CLIENT_UNAUTHORIZED
            } finally {
                socket.close();
            }
        }
    }

    static GuacamoleConfiguration vncConfig(int port, String password) {
        GuacamoleConfiguration config = new GuacamoleConfiguration();
        config.setProtocol("vnc");
        config.setParameter("hostname", "127.0.0.1");
        config.setParameter("port", Integer.toString(port));
        config.setParameter("password", password);
        return config;
    }

    private void assertErrorFor(String input, String code) throws IOException, GuacamoleException {
        try (Socket s = connect()) {
            send(s, input);
            ReaderGuacamoleReader r = reader(s);
            GuacamoleInstruction i = r.readInstruction();
            if ("args".equals(i.getOpcode())) {
                i = r.readInstruction();
            }
            assertEquals("error", i.getOpcode(), input);
            assertEquals(code, i.getArgs().get(1), input);
            GuacamoleInstruction after = r.readInstruction();
            if (after != null) {
                assertEquals("disconnect", after.getOpcode());
                assertNull(r.readInstruction());
            }
        }
    }

    private Socket connect() throws IOException {
        Socket s = new Socket(server.host(), server.port());
        s.setSoTimeout(10_000);
        return s;
    }

    private static void send(Socket s, String text) throws IOException {
        OutputStream o = s.getOutputStream();
        o.write(text.getBytes(StandardCharsets.UTF_8));
        o.flush();
    }

    private static ReaderGuacamoleReader reader(Socket s) throws IOException {
        return new ReaderGuacamoleReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
    }
}
