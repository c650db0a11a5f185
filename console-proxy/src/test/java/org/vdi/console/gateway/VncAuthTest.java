package org.vdi.console.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

/** VNC authentication's DES response against vectors computed independently. */
class VncAuthTest {

    static final byte[] CHALLENGE = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    @Test
    void responseMatchesOpenSslDesWithTheBitReversedKey() throws Exception {
        // openssl enc -des-ecb -nopad -K 0e86ceceeef64e26 (the bit-reversed "password")
        byte[] expected = HexFormat.of().parseHex("5645abeb5f1e6475e8feb11beb66ea19");
        assertArrayEquals(expected, VncAuth.response("password", CHALLENGE));
    }

    @Test
    void responseMatchesJceWithAKeyReversedByStringManipulation() throws Exception {
        for (String password : new String[] {"", "a", "secret", "longer than eight"}) {
            byte[] key = new byte[8];
            byte[] pw = password.getBytes(StandardCharsets.ISO_8859_1);
            for (int i = 0; i < Math.min(8, pw.length); i++) {
                String bits = String.format("%8s", Integer.toBinaryString(pw[i] & 0xFF)).replace(' ', '0');
                key[i] = (byte) Integer.parseInt(new StringBuilder(bits).reverse().toString(), 2);
            }
            Cipher des = Cipher.getInstance("DES/ECB/NoPadding");
            des.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "DES"));
            assertArrayEquals(des.doFinal(CHALLENGE), VncAuth.response(password, CHALLENGE), password);
        }
    }

    @Test
    void challengeMustBeSixteenBytes() {
        assertThrows(GatewayException.class, () -> VncAuth.response("x", new byte[8]));
    }
}
