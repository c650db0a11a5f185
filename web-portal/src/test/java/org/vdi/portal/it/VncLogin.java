package org.vdi.portal.it;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * A VNC client's log-in and nothing more (RFB 3.8, VNC authentication), to ask
 * QEMU's VNC server whether a password opens the display.
 */
public final class VncLogin {

    private VncLogin() {
    }

    /** Whether QEMU accepts the password (RFB SecurityResult 0). */
    public static boolean accepts(String host, int port, String password) throws IOException, GeneralSecurityException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 10_000);
            s.setSoTimeout(10_000);
            DataInputStream in = new DataInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            byte[] version = in.readNBytes(12);
            if (!new String(version, StandardCharsets.US_ASCII).startsWith("RFB ")) {
                throw new IOException("not a VNC server");
            }
            out.write("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII));
            int n = in.readUnsignedByte();
            if (n == 0) {
                throw new IOException("the VNC server refused the connection");
            }
            boolean vncAuth = false;
            for (byte t : in.readNBytes(n)) {
                vncAuth |= t == 2;
            }
            if (!vncAuth) {
                throw new IOException("the VNC server offers no password authentication");
            }
            out.write(2);
            byte[] challenge = in.readNBytes(16);
            out.write(response(password, challenge));
            out.flush();
            return in.readInt() == 0;
        }
    }

    /** RFB's DES response: the password's bytes, each bit-reversed, as the key. */
    private static byte[] response(String password, byte[] challenge) throws GeneralSecurityException {
        byte[] key = new byte[8];
        byte[] pw = password.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < key.length && i < pw.length; i++) {
            key[i] = (byte) (Integer.reverse(pw[i] & 0xFF) >>> 24);
        }
        Cipher des = Cipher.getInstance("DES/ECB/NoPadding");
        des.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "DES"));
        return des.doFinal(challenge);
    }
}
