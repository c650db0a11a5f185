package org.vdi.console.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.apache.guacamole.GuacamoleException;
import org.apache.guacamole.io.GuacamoleReader;
import org.apache.guacamole.io.GuacamoleWriter;
import org.apache.guacamole.net.GuacamoleSocket;
import org.apache.guacamole.protocol.ConfiguredGuacamoleSocket;
import org.apache.guacamole.protocol.GuacamoleInstruction;
import org.apache.guacamole.protocol.GuacamoleStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vdi.console.config.GuacdSettings;

/**
 * The built-in gateway as the tunnel reaches it, in process: guacamole-common's own
 * handshake over {@link InProcessSocket} against the scripted RFB server, the first
 * frame, input both as parsed instructions and as text, the gateway's limits and
 * errors, and that closing either end ends the session and its threads without any
 * TCP listener.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InProcessGatewayTest {

    private BuiltInGateway gateway;
    private FakeVncServer vnc;

    @AfterEach
    void stop() throws Exception {
        if (vnc != null) {
            vnc.close();
        }
        if (gateway != null) {
            gateway.stop();
        }
    }

    @Test
    void guacamoleCommonCompletesTheHandshakeAndTheFirstFrameArrivesWithoutAListener() throws Exception {
        gateway = gateway(4, false);
        vnc = new FakeVncServer(40, 30, "password");
        ConfiguredGuacamoleSocket socket = new ConfiguredGuacamoleSocket(gateway.open(),
                HandshakeTest.vncConfig(vnc.port(), "password"));
        try {
            assertTrue(socket.getConnectionID().matches("\\$[0-9a-f-]{36}"), socket.getConnectionID());
            assertEquals("VERSION_1_5_0", socket.getProtocolVersion().toString());
            GuacCanvas canvas = new GuacCanvas();
            canvas.readFrame(socket.getReader());
            assertEquals("fake desktop", canvas.name);
            assertArrayEquals(vnc.argb, canvas.pixels());
            assertEquals(1, gateway.sessions());
            assertFalse(gateway.tcpListenerBound(), "consoles need no TCP listener");
        } finally {
            socket.close();
        }
    }

    @Test
    void theListenerIsBoundOnlyWhenAskedFor() throws Exception {
        gateway = gateway(4, true);
        gateway.open().close();
        assertTrue(gateway.tcpListenerBound());
        gateway.stop();
        assertFalse(gateway.tcpListenerBound());
    }

    @Test
    void parsedInstructionsAndTextInPiecesReachTheVncServer() throws Exception {
        gateway = gateway(4, false);
        vnc = new FakeVncServer(16, 8, "");
        ConfiguredGuacamoleSocket socket = new ConfiguredGuacamoleSocket(gateway.open(),
                HandshakeTest.vncConfig(vnc.port(), ""));
        try {
            new GuacCanvas().readFrame(socket.getReader());
            GuacamoleWriter w = socket.getWriter();
            w.writeInstruction(new GuacamoleInstruction("key", "65", "1"));
            assertEquals("key 41 1", vnc.await("key"));
            // text cut inside an instruction, as a stream may deliver it
            w.write("3.key,2.66,".toCharArray());
            w.write("1.1;5.mouse,2.12,1.7,1.1;".toCharArray());
            assertEquals("key 42 1", vnc.await("key"));
            assertEquals("pointer 12 7 1", vnc.await("pointer"));
        } finally {
            socket.close();
        }
    }

    @Test
    void closingTheTunnelsSocketEndsTheSessionTheVncConnectionAndTheThreads() throws Exception {
        gateway = gateway(4, false);
        vnc = new FakeVncServer(16, 8, "");
        ConfiguredGuacamoleSocket socket = new ConfiguredGuacamoleSocket(gateway.open(),
                HandshakeTest.vncConfig(vnc.port(), ""));
        new GuacCanvas().readFrame(socket.getReader());
        assertTrue(sessionThreadsRunning());
        socket.close();
        assertFalse(socket.isOpen());
        assertEquals("closed", vnc.await("closed"));
        await(() -> gateway.sessions() == 0 && !sessionThreadsRunning());
        assertThrows(GuacamoleException.class, () -> socket.getWriter()
                .writeInstruction(new GuacamoleInstruction("nop")));
    }

    @Test
    void theSessionEndingEndsTheTunnelsStreamAfterWhatItSent() throws Exception {
        gateway = gateway(4, false);
        vnc = new FakeVncServer(16, 8, "");
        ConfiguredGuacamoleSocket socket = new ConfiguredGuacamoleSocket(gateway.open(),
                HandshakeTest.vncConfig(vnc.port(), ""));
        try {
            GuacamoleReader r = socket.getReader();
            new GuacCanvas().readFrame(r);
            socket.getWriter().writeInstruction(new GuacamoleInstruction("disconnect"));
            GuacamoleInstruction last = null;
            for (GuacamoleInstruction i; (i = r.readInstruction()) != null;) {
                last = i;
            }
            assertEquals("disconnect", last.getOpcode());
            assertNull(r.read(), "the stream stays ended");
            // NOTE: the socket closes on the session's thread once it has handed over the
            // last instruction, a moment after the reader saw the end: wait, do not sample
            assertEquals("closed", vnc.await("closed"));
            await(() -> !socket.isOpen() && gateway.sessions() == 0 && !sessionThreadsRunning());
        } finally {
            socket.close();
        }
    }

    @Test
    void anInstructionOverTheGatewaysLimitEndsTheSessionWithAnOverrun() throws Exception {
        gateway = gateway(4, false);
        vnc = new FakeVncServer(16, 8, "");
        ConfiguredGuacamoleSocket socket = new ConfiguredGuacamoleSocket(gateway.open(),
                HandshakeTest.vncConfig(vnc.port(), ""));
        try {
            GuacamoleReader r = socket.getReader();
            new GuacCanvas().readFrame(r);
            char[] blob = new char[GatewaySession.SESSION_MAX_LENGTH];
            Arrays.fill(blob, 'A');
            socket.getWriter().writeInstruction(new GuacamoleInstruction("blob", "0", new String(blob)));
            assertEquals(Integer.toString(GuacamoleStatus.CLIENT_OVERRUN.getGuacamoleStatusCode()),
                    error(r).getArgs().get(1));
        } finally {
            socket.close();
        }
    }

    @Test
    void malformedTextIsABadRequest() throws Exception {
        gateway = gateway(4, false);
        vnc = new FakeVncServer(16, 8, "");
        ConfiguredGuacamoleSocket socket = new ConfiguredGuacamoleSocket(gateway.open(),
                HandshakeTest.vncConfig(vnc.port(), ""));
        try {
            GuacamoleReader r = socket.getReader();
            new GuacCanvas().readFrame(r);
            socket.getWriter().write("4.sync,x.1;".toCharArray());
            assertEquals(Integer.toString(GuacamoleStatus.CLIENT_BAD_REQUEST.getGuacamoleStatusCode()),
                    error(r).getArgs().get(1));
        } finally {
            socket.close();
        }
    }

    @Test
    void moreSessionsThanTheCapAreRefusedAsBusyAndAClosedOneFreesItsSlot() throws Exception {
        gateway = gateway(1, false);
        GuacamoleSocket first = gateway.open();
        GatewayException busy = assertThrows(GatewayException.class, gateway::open);
        assertEquals(GuacamoleStatus.SERVER_BUSY, busy.getStatus());
        first.close();
        await(() -> gateway.sessions() == 0);
        gateway.open().close();
    }

    @Test
    void anUnsupportedProtocolFailsTheHandshakeAsWithGuacd() throws Exception {
        gateway = gateway(4, false);
        org.apache.guacamole.protocol.GuacamoleConfiguration config =
                new org.apache.guacamole.protocol.GuacamoleConfiguration();
        config.setProtocol("rdp");
        GuacamoleSocket s = gateway.open();
        assertThrows(org.apache.guacamole.GuacamoleUnsupportedException.class,
                () -> new ConfiguredGuacamoleSocket(s, config));
        s.close();
        await(() -> gateway.sessions() == 0);
    }

    private static GuacamoleInstruction error(GuacamoleReader r) throws GuacamoleException {
        for (GuacamoleInstruction i; (i = r.readInstruction()) != null;) {
            if ("error".equals(i.getOpcode())) {
                return i;
            }
        }
        throw new AssertionError("the stream ended without an error");
    }

    static BuiltInGateway gateway(int maxSessions, boolean listen) {
        BuiltInGateway g = new BuiltInGateway();
        g.guacd = new GuacdSettings() {
            @Override
            public Optional<String> host() {
                return Optional.empty();
            }
        };
        GatewaySettings s = new GatewaySettings();
        s.maxSessions = maxSessions;
        s.pngLevel = 1;
        s.listen = listen;
        g.settings = s;
        return g;
    }

    /** True while a thread runs a gateway session (display or input). */
    static boolean sessionThreadsRunning() {
        return Thread.getAllStackTraces().values().stream().anyMatch(stack -> Arrays.stream(stack)
                .anyMatch(f -> f.getClassName().equals(GatewaySession.class.getName())));
    }

    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20 s");
            }
            Thread.sleep(20);
        }
    }
}
