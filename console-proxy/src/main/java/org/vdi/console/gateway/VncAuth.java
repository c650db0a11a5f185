package org.vdi.console.gateway;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

import org.apache.guacamole.protocol.GuacamoleStatus;

/**
 * RFB security type 2 ("VNC authentication"): the 16-byte challenge encrypted with DES,
 * keyed by the first eight bytes of the password, each byte bit-reversed (a quirk of
 * the original implementation that every server copies).
 */
final class VncAuth {

    private VncAuth() {
    }

    static byte[] response(String password, byte[] challenge) throws GatewayException {
        if (challenge.length != 16) {
            throw GatewayException.upstream("VNC challenge is not 16 bytes");
        }
        byte[] key = new byte[8];
        byte[] pw = password.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < key.length && i < pw.length; i++) {
            key[i] = (byte) (Integer.reverse(pw[i] & 0xFF) >>> 24);
        }
        try {
            Cipher des = Cipher.getInstance("DES/ECB/NoPadding");
            des.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "DES"));
            return des.doFinal(challenge);
        } catch (GeneralSecurityException e) {
            throw new GatewayException(GuacamoleStatus.SERVER_ERROR, "DES is not available", e);
        }
    }
}
