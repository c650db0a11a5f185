package org.vdi.portal.it;

import java.io.DataInputStream;
import java.io.IOException;
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
 * server answers to remote-viewer before anything is shown.
 */
final class SpiceLink {

    static final int OK = 0;
    static final int PERMISSION_DENIED = 7;

    private static final int MAGIC = 0x51444552; // "REDQ"
    private static final int MAIN_CHANNEL = 1;
    private static final int PUB_KEY_BYTES = 162;

    private SpiceLink() {
    }

    /** Links to the main channel with the password; SPICE_LINK_ERR_* (0 is accepted). */
    static int authenticate(String host, int port, String password) throws IOException, GeneralSecurityException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 10_000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            DataInputStream in = new DataInputStream(s.getInputStream());

            // SpiceLinkHeader + SpiceLinkMess without capabilities (so: SPICE ticket auth)
            ByteBuffer mess = le(18).putInt(0).put((byte) MAIN_CHANNEL).put((byte) 0).putInt(0).putInt(0).putInt(18);
            out.write(le(16).putInt(MAGIC).putInt(2).putInt(2).putInt(18).array());
            out.write(mess.array());
            out.flush();

            ByteBuffer header = le(16).put(in.readNBytes(16)).flip();
            if (header.getInt() != MAGIC) {
                throw new IOException("not a SPICE server at " + host + ":" + port);
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
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
