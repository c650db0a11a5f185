package org.vdi.console.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vdi.console.gateway.FakeVncServer.io;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import org.apache.guacamole.io.GuacamoleReader;
import org.apache.guacamole.io.GuacamoleWriter;
import org.apache.guacamole.net.InetGuacamoleSocket;
import org.apache.guacamole.protocol.ConfiguredGuacamoleSocket;
import org.apache.guacamole.protocol.GuacamoleInstruction;
import org.apache.guacamole.protocol.GuacamoleStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A whole session against the scripted VNC server: first frame, flow control by sync,
 * CopyRect, cursor, resize, input, clipboard both ways, and an upstream error that
 * ends only its own session.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GatewaySessionTest {

    GuacdServer server;
    FakeVncServer vnc;
    ConfiguredGuacamoleSocket socket;
    GuacamoleReader reader;
    GuacamoleWriter writer;
    GuacCanvas canvas = new GuacCanvas();

    @BeforeEach
    void start() throws Exception {
        server = new GuacdServer(4, 1);
        server.start(0);
        vnc = new FakeVncServer(40, 30, "password");
        socket = new ConfiguredGuacamoleSocket(new InetGuacamoleSocket(server.host(), server.port()),
                HandshakeTest.vncConfig(vnc.port(), "password"));
        reader = socket.getReader();
        writer = socket.getWriter();
    }

    @AfterEach
    void stop() throws Exception {
        socket.close();
        vnc.close();
        server.close();
    }

    @Test
    void firstFrameMatchesTheServerPixelForPixel() throws Exception {
        assertEquals("pixelformat 32/24", vnc.await("pixelformat"));
        String encodings = vnc.await("encodings");
        assertTrue(encodings.startsWith("encodings 16 5 1 0 -239"), encodings);
        assertEquals("request 0", vnc.await("request"));
        canvas.readFrame(reader); // name, size, default cursor, first update
        assertEquals("fake desktop", canvas.name);
        assertEquals(40, canvas.screen.getWidth());
        assertArrayEquals(vnc.argb, canvas.pixels());
        assertTrue(canvas.opcodes.contains("cursor"));
    }

    @Test
    void nextUpdateIsRequestedOnlyAfterTheBrowserCaughtUp() throws Exception {
        String ts1 = canvas.readFrame(reader);
        vnc.await("request 0");
        sync(ts1);
        // one frame may be outstanding: the request for the second update comes at once
        assertEquals("request 1", vnc.await("request"));
        vnc.send(io(o -> rect(o, 0, 0, 2, 2, 0, new byte[16])));
        String ts2 = canvas.readFrame(reader);
        assertTrue(Long.parseLong(ts2) > Long.parseLong(ts1));
        assertEquals("request 1", vnc.await("request")); // frame 1 acknowledged, frame 2 in flight
        vnc.send(io(o -> rect(o, 2, 2, 2, 2, 0, new byte[16])));
        canvas.readFrame(reader);
        // frame 2 not acknowledged: no request for a fourth update yet
        Thread.sleep(300);
        assertEquals(null, vnc.received.poll());
        sync(ts2);
        assertEquals("request 1", vnc.await("request"));
    }

    @Test
    void copyRectCursorAndResizeReachTheBrowser() throws Exception {
        sync(canvas.readFrame(reader));
        vnc.await("request 1");
        vnc.send(io(o -> {
            o.writeByte(0);
            o.writeByte(0);
            o.writeShort(2);
            header(o, 10, 10, 8, 4, 1);
            o.writeShort(0);
            o.writeShort(0);
            header(o, 1, 0, 2, 2, -239);
            o.write(new byte[2 * 2 * 4]);
            o.write(new byte[] {(byte) 0xC0, (byte) 0x40});
        }));
        String ts = canvas.readFrame(reader);
        assertTrue(canvas.opcodes.contains("copy"));
        int[] expected = vnc.argb.clone();
        for (int y = 0; y < 4; y++) {
            System.arraycopy(vnc.argb, y * 40, expected, (10 + y) * 40 + 10, 8);
        }
        assertArrayEquals(expected, canvas.pixels());
        assertArrayEquals(new int[] {1, 0, 2, 2}, canvas.cursor);
        sync(ts);
        vnc.await("request 1");
        vnc.send(io(o -> {
            o.writeByte(0);
            o.writeByte(0);
            o.writeShort(1);
            header(o, 0, 0, 50, 20, -223);
        }));
        canvas.readFrame(reader);
        assertEquals(50, canvas.screen.getWidth());
        assertEquals(20, canvas.screen.getHeight());
        sync(ts + "1");
        assertEquals("request 0", vnc.await("request"));
    }

    @Test
    void keysMouseAndClipboardReachTheVncServer() throws Exception {
        sync(canvas.readFrame(reader));
        writer.writeInstruction(new GuacamoleInstruction("key", "65", "1"));
        writer.writeInstruction(new GuacamoleInstruction("key", "65", "0"));
        writer.writeInstruction(new GuacamoleInstruction("mouse", "12", "7", "1"));
        writer.writeInstruction(new GuacamoleInstruction("clipboard", "3", "text/plain"));
        writer.writeInstruction(new GuacamoleInstruction("blob", "3",
                Base64.getEncoder().encodeToString("caf\u00e9 \u20ac".getBytes(StandardCharsets.UTF_8))));
        writer.writeInstruction(new GuacamoleInstruction("end", "3"));
        assertEquals("key 41 1", vnc.await("key"));
        assertEquals("key 41 0", vnc.await("key"));
        assertEquals("pointer 12 7 1", vnc.await("pointer"));
        assertEquals("cut caf\u00e9 ?", vnc.await("cut"));
    }

    @Test
    void serverCutTextBecomesTheBrowserClipboard() throws Exception {
        sync(canvas.readFrame(reader));
        byte[] text = "na\u00efve".getBytes(StandardCharsets.ISO_8859_1);
        vnc.send(io(o -> {
            o.writeByte(3);
            o.write(new byte[3]);
            o.writeInt(text.length);
            o.write(text);
        }));
        for (int i = 0; i < 10 && canvas.clipboard.isEmpty(); i++) {
            canvas.apply(reader.readInstruction());
        }
        assertEquals("na\u00efve", canvas.clipboard.get(0));
    }

    @Test
    void malformedUpdateEndsTheSessionWithUpstreamErrorAndOthersGoOn() throws Exception {
        sync(canvas.readFrame(reader));
        vnc.await("request 1");
        vnc.send(io(o -> {
            o.writeByte(0);
            o.writeByte(0);
            o.writeShort(1);
            header(o, 30, 20, 50, 50, 0); // beyond the 40x30 desktop
        }));
        GuacamoleInstruction i;
        do {
            i = reader.readInstruction();
        } while (!"error".equals(i.getOpcode()));
        assertEquals(Integer.toString(GuacamoleStatus.UPSTREAM_ERROR.getGuacamoleStatusCode()), i.getArgs().get(1));
        // the gateway still serves new sessions
        try (FakeVncServer other = new FakeVncServer(8, 8, "")) {
            ConfiguredGuacamoleSocket s2 = new ConfiguredGuacamoleSocket(
                    new InetGuacamoleSocket(server.host(), server.port()), HandshakeTest.vncConfig(other.port(), ""));
            try {
                GuacCanvas c2 = new GuacCanvas();
                c2.readFrame(s2.getReader());
                assertArrayEquals(other.argb, c2.pixels());
            } finally {
                s2.close();
            }
        }
    }

    @Test
    void disconnectClosesTheVncConnection() throws Exception {
        canvas.readFrame(reader);
        writer.writeInstruction(new GuacamoleInstruction("disconnect"));
        assertEquals("closed", vnc.await("closed"));
    }

    private void sync(String ts) throws Exception {
        writer.writeInstruction(new GuacamoleInstruction("sync", ts));
    }

    static void header(DataOutputStream o, int x, int y, int w, int h, int encoding) throws IOException {
        o.writeShort(x);
        o.writeShort(y);
        o.writeShort(w);
        o.writeShort(h);
        o.writeInt(encoding);
    }

    static void rect(DataOutputStream o, int x, int y, int w, int h, int encoding, byte[] data) throws IOException {
        o.writeByte(0);
        o.writeByte(0);
        o.writeShort(1);
        header(o, x, y, w, h, encoding);
        o.write(data);
    }
}
