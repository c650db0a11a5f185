package org.vdi.console.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class NoVncClientTest {

    static final byte[] CHALLENGE = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final DataOutputStream server = new DataOutputStream(bytes);
    private final List<byte[]> sent = new ArrayList<>();

    @Test
    void vncAuthenticationMatchesOpenSsl() throws Exception {
        // openssl enc -des-ecb -nopad -K 0e86ceceeef64e26 (the bit-reversed "password")
        assertArrayEquals(HexFormat.of().parseHex("5645abeb5f1e6475e8feb11beb66ea19"),
                NoVncClient.vncAuth("password", CHALLENGE));
    }

    @Test
    void opensAsNoVncDoes() throws Exception {
        opening(16, 8);
        NoVncClient c = client();
        c.open("password");
        assertEquals("RFB 003.008\n", new String(sent.get(0), StandardCharsets.US_ASCII));
        assertArrayEquals(new byte[] {2}, sent.get(1));
        assertArrayEquals(NoVncClient.vncAuth("password", CHALLENGE), sent.get(2));
        assertArrayEquals(new byte[] {1}, sent.get(3), "shared");
        assertArrayEquals(NoVncClient.setPixelFormat(), sent.get(4));
        byte[] enc = sent.get(5);
        assertEquals(2, enc[0]);
        assertEquals(19, (enc[2] & 0xFF) << 8 | (enc[3] & 0xFF));
        assertEquals(7, enc[11], "Tight right after CopyRect");
        assertArrayEquals(NoVncClient.updateRequest(false, 16, 8), sent.get(6));
        assertEquals("desk", c.name());
    }

    @Test
    void skipsEveryKindOfRectangleAndKnowsTheFirstFrame() throws Exception {
        opening(16, 8);
        // a pseudo-encodings-only update, as QEMU sends after SetEncodings
        update(2);
        rect(0, 0, 16, 8, -308);
        server.write(new byte[] {1, 0, 0, 0});
        server.write(new byte[16]);
        rect(0, 0, 0, 0, -258);
        // the screen: Tight fill, palette (raw < 12 bytes), basic with a 2-byte compact length,
        // JPEG, a cursor, then LastRect
        update(0xFFFF);
        rect(0, 0, 16, 2, 7);
        server.write(new byte[] {(byte) 0x80, 1, 2, 3});
        rect(0, 2, 16, 2, 7);
        server.write(new byte[] {0x40, 1, 1, 1, 1, 1, 2, 2, 2});
        server.write(new byte[(16 + 7) / 8 * 2]); // 1 bit per pixel, rows padded to bytes
        rect(0, 4, 16, 2, 7);
        server.write(new byte[] {0x10, (byte) 0xC8, 1});
        server.write(new byte[200]);
        rect(0, 6, 8, 2, 7);
        server.write(new byte[] {(byte) 0x90, 3, 9, 9, 9});
        rect(8, 6, 8, 2, 0);
        server.write(new byte[8 * 2 * 4]);
        rect(0, 0, 2, 2, -239);
        server.write(new byte[2 * 2 * 4 + 2]);
        rect(0, 0, 0, 0, -224);
        // extended clipboard capabilities (negative length), a bell, and one more raw update
        server.write(new byte[] {3, 0, 0, 0});
        server.writeInt(-8);
        server.write(new byte[8]);
        server.writeByte(2);
        update(1);
        rect(3, 3, 1, 1, 0);
        server.write(new byte[] {1, 2, 3, 4});

        NoVncClient c = client();
        c.open("password");
        sent.clear();
        assertTrue(c.next());
        assertFalse(c.firstFrame());
        assertTrue(c.next());
        assertTrue(c.firstFrame());
        assertFalse(c.next());
        assertFalse(c.next());
        assertTrue(c.next());
        assertEquals(3, c.updates());
        assertEquals(3, sent.size(), "one incremental request per update");
        assertArrayEquals(NoVncClient.updateRequest(true, 16, 8), sent.get(2));
        assertEquals(Map.of("cursor", 1L, "extdesktopsize", 1L, "lastrect", 1L, "qemu-ext-key", 1L, "raw", 2L,
                "tight basic", 1L, "tight fill", 1L, "tight jpeg", 1L, "tight palette", 1L), c.rects());
        assertThrows(EOFException.class, c::next, "everything was consumed");
    }

    @Test
    void unknownEncodingIsAnError() throws Exception {
        opening(4, 4);
        update(1);
        rect(0, 0, 4, 4, 16);
        NoVncClient c = client();
        c.open("password");
        assertThrows(IOException.class, c::next);
    }

    @Test
    void failedAuthenticationSaysWhy() throws Exception {
        server.write("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII));
        server.write(new byte[] {1, 2});
        server.write(CHALLENGE);
        server.writeInt(1);
        server.writeInt(6);
        server.write("denied".getBytes(StandardCharsets.US_ASCII));
        IOException e = assertThrows(IOException.class, () -> client().open("x"));
        assertTrue(e.getMessage().contains("denied"), e.getMessage());
    }

    private NoVncClient client() {
        return new NoVncClient(new ByteArrayInputStream(bytes.toByteArray()), sent::add);
    }

    private void opening(int w, int h) throws IOException {
        server.write("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII));
        server.write(new byte[] {1, 2});
        server.write(CHALLENGE);
        server.writeInt(0);
        server.writeShort(w);
        server.writeShort(h);
        server.write(new byte[16]);
        server.writeInt(4);
        server.write("desk".getBytes(StandardCharsets.US_ASCII));
    }

    private void update(int rects) throws IOException {
        server.writeByte(0);
        server.writeByte(0);
        server.writeShort(rects);
    }

    private void rect(int x, int y, int w, int h, int encoding) throws IOException {
        server.writeShort(x);
        server.writeShort(y);
        server.writeShort(w);
        server.writeShort(h);
        server.writeInt(encoding);
    }
}
