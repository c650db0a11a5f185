package org.vdi.console.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

class WebSocketClientTest {

    @Test
    void acceptKeyFromTheRfc() {
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", WebSocketClient.acceptKey("dGhlIHNhbXBsZSBub25jZQ=="));
    }

    @Test
    void dataFramesBecomeOneStreamAndPingsAreAnswered() throws Exception {
        ByteArrayOutputStream server = new ByteArrayOutputStream();
        server.write(frame(0x2, bytes(0, 125), null));
        server.write(frame(0x9, "hi".getBytes(StandardCharsets.US_ASCII), null));
        server.write(frame(0x2, bytes(125, 300), null)); // 16-bit length
        server.write(frame(0x2, new byte[0], null));
        server.write(frame(0x2, bytes(425, 70000), null)); // 64-bit length
        server.write(frame(0x2, bytes(70425, 5), new byte[] {9, 8, 7, 6})); // masked, though servers should not
        server.write(frame(0x8, new byte[0], null));
        List<String> pings = new ArrayList<>();
        InputStream in = new WebSocketClient.FrameInput(new ByteArrayInputStream(server.toByteArray()),
                p -> pings.add(new String(p, StandardCharsets.US_ASCII)));
        byte[] all = in.readAllBytes();
        assertArrayEquals(bytes(0, 70430), all);
        assertEquals(List.of("hi"), pings);
        assertEquals(-1, in.read());
    }

    @Test
    void truncatedFrameFails() throws Exception {
        byte[] f = frame(0x2, bytes(0, 10), null);
        InputStream in = new WebSocketClient.FrameInput(new ByteArrayInputStream(f, 0, 8), p -> { });
        assertThrows(IOException.class, in::readAllBytes);
    }

    @Test
    void clientFramesAreMasked() throws Exception {
        byte[] payload = bytes(3, 200);
        byte[] mask = {1, 2, 3, 4};
        byte[] f = WebSocketClient.encodeClientFrame(0x2, payload, mask);
        assertEquals(0x82, f[0] & 0xFF);
        assertEquals(0x80 | 126, f[1] & 0xFF);
        assertEquals(200, (f[2] & 0xFF) << 8 | (f[3] & 0xFF));
        InputStream in = new WebSocketClient.FrameInput(new ByteArrayInputStream(f), p -> { });
        assertArrayEquals(payload, in.readNBytes(200));
    }

    @Test
    void upgradeChecksStatusAndAcceptKey() throws Exception {
        String key = "dGhlIHNhbXBsZSBub25jZQ==";
        WebSocketClient.checkUpgrade("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                + "sec-websocket-accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", key);
        assertThrows(IOException.class, () -> WebSocketClient.checkUpgrade("HTTP/1.1 404 Not Found", key));
        assertThrows(IOException.class, () -> WebSocketClient.checkUpgrade(
                "HTTP/1.1 101 Switching Protocols\r\nSec-WebSocket-Accept: wrong", key));
        String header = "HTTP/1.1 101 OK\r\nA: b\r\n\r\n";
        InputStream in = new ByteArrayInputStream((header + "rest").getBytes(StandardCharsets.US_ASCII));
        assertEquals("HTTP/1.1 101 OK\r\nA: b", WebSocketClient.readHeader(in));
        assertEquals('r', in.read());
    }

    @Test
    void talksToAServerOverLoopbackAndCountsWireBytes() throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> {
                try (Socket s = ss.accept()) {
                    String req = WebSocketClient.readHeader(s.getInputStream());
                    String key = req.lines().filter(l -> l.startsWith("Sec-WebSocket-Key:")).findFirst()
                            .orElseThrow().substring(18).trim();
                    OutputStream o = s.getOutputStream();
                    o.write(response(WebSocketClient.acceptKey(key)).getBytes(StandardCharsets.US_ASCII));
                    o.write(frame(0x2, "RFB 003.008\n".getBytes(StandardCharsets.US_ASCII), null));
                    o.flush();
                    InputStream in = new WebSocketClient.FrameInput(s.getInputStream(), p -> { });
                    return in.readNBytes(3);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            try (WebSocketClient c = WebSocketClient.connect("127.0.0.1", ss.getLocalPort(), "/", "binary", 5000)) {
                assertEquals("RFB 003.008\n", new String(c.in().readNBytes(12), StandardCharsets.US_ASCII));
                c.send(new byte[] {1, 2, 3});
                assertArrayEquals(new byte[] {1, 2, 3}, received.get());
                assertEquals(12, c.payloadBytes());
                // the 101 response, then one frame: 2 bytes of header and 12 of payload
                assertEquals(response("x".repeat(28)).length() + 2 + 12, c.wireBytes());
            }
        }
    }

    private static String response(String accept) {
        return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept + "\r\nSec-WebSocket-Protocol: binary\r\n\r\n";
    }

    static byte[] frame(int opcode, byte[] payload, byte[] mask) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0x80 | opcode);
        int m = mask == null ? 0 : 0x80;
        if (payload.length < 126) {
            b.write(m | payload.length);
        } else if (payload.length <= 0xFFFF) {
            b.write(m | 126);
            b.write(payload.length >>> 8);
            b.write(payload.length);
        } else {
            b.write(m | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                b.write((int) ((long) payload.length >>> shift));
            }
        }
        if (mask != null) {
            b.write(mask);
            for (int i = 0; i < payload.length; i++) {
                b.write(payload[i] ^ mask[i & 3]);
            }
        } else {
            b.write(payload);
        }
        return b.toByteArray();
    }

    static byte[] bytes(int from, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (from + i);
        }
        return b;
    }
}
