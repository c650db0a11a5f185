package org.vdi.portal.it;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * The first steps of a SPICE client, as far as a password check goes: the link
 * handshake of the main channel with SPICE ticket authentication (the password
 * encrypted with RSA-OAEP/SHA-1 under the 1024-bit key the server sends), then the
 * server's link result. No SPICE client exists for Java; this is what QEMU's
 * server answers to remote-viewer before anything is shown. Works over a TCP
 * socket or any pair of streams (the SPICE bridge's WebSocket).
 */
public final class SpiceLink {

    public static final int OK = 0;
    public static final int BAD_CONNECTION_ID = 4;
    public static final int PERMISSION_DENIED = 7;

    public static final int MAIN_CHANNEL = 1;
    public static final int DISPLAY_CHANNEL = 2;
    public static final int INPUTS_CHANNEL = 3;

    private static final int MAGIC = 0x51444552; // "REDQ"
    private static final int PUB_KEY_BYTES = 162;
    private static final int MSG_MAIN_INIT = 103;

    private SpiceLink() {
    }

    /** Links to the main channel with the password; SPICE_LINK_ERR_* (0 is accepted). */
    public static int authenticate(String host, int port, String password)
            throws IOException, GeneralSecurityException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 10_000);
            s.setSoTimeout(10_000);
            return link(s.getInputStream(), s.getOutputStream(), password, MAIN_CHANNEL, 0);
        }
    }

    /**
     * Links one channel over the given streams with the password; SPICE_LINK_ERR_* (0 is accepted).
     *
     * @param connectionId 0 for the main channel; the main channel's session id for the others
     */
    public static int link(InputStream input, OutputStream out, String password, int channelType, int connectionId)
            throws IOException, GeneralSecurityException {
        DataInputStream in = new DataInputStream(input);
        // SpiceLinkHeader + SpiceLinkMess without capabilities (so: SPICE ticket auth, full data headers)
        ByteBuffer mess = le(18).putInt(connectionId).put((byte) channelType).put((byte) 0).putInt(0).putInt(0)
                .putInt(18);
        out.write(le(16).putInt(MAGIC).putInt(2).putInt(2).putInt(18).array());
        out.write(mess.array());
        out.flush();

        ByteBuffer header = le(16).put(in.readNBytes(16)).flip();
        if (header.getInt() != MAGIC) {
            throw new IOException("not a SPICE server");
        }
        int major = header.getInt();
        header.getInt();
        int size = header.getInt();
        if (major != 2 || size < 4 + PUB_KEY_BYTES || size > 4096) {
            throw new IOException("unexpected SPICE link reply: protocol " + major + ", " + size + " bytes");
        }
        ByteBuffer reply = le(size).put(in.readNBytes(size)).flip();
        int error = reply.getInt();
        if (error != OK) {
            return error;
        }
        byte[] der = new byte[PUB_KEY_BYTES];
        reply.get(der);
        PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
        rsa.init(Cipher.ENCRYPT_MODE, key, new OAEPParameterSpec("SHA-1", "MGF1", MGF1ParameterSpec.SHA1,
                PSource.PSpecified.DEFAULT));
        // the server reads a C string: the password and its terminating NUL
        byte[] ticket = Arrays.copyOf(password.getBytes(StandardCharsets.UTF_8),
                password.getBytes(StandardCharsets.UTF_8).length + 1);
        out.write(rsa.doFinal(ticket));
        out.flush();
        return le(4).put(in.readNBytes(4)).flip().getInt();
    }

    /**
     * After the main channel linked: reads the server's messages (full data headers) up to
     * SPICE_MSG_MAIN_INIT and returns its session id, which the other channels link with.
     */
    public static int mainSessionId(InputStream input) throws IOException {
        DataInputStream in = new DataInputStream(input);
        for (int i = 0; i < 32; i++) {
            ByteBuffer h = le(18).put(in.readNBytes(18)).flip();
            h.getLong(); // serial
            int type = h.getShort() & 0xffff;
            int size = h.getInt();
            if (size < 0 || size > 1 << 20) {
                throw new IOException("a SPICE message of " + size + " bytes");
            }
            byte[] body = in.readNBytes(size);
            if (body.length < size) {
                throw new IOException("the SPICE main channel ended");
            }
            if (type == MSG_MAIN_INIT) {
                return le(4).put(body, 0, 4).flip().getInt();
            }
        }
        throw new IOException("no SPICE_MSG_MAIN_INIT among the first 32 messages");
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
