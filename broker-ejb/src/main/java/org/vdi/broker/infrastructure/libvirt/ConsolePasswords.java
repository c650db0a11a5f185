package org.vdi.broker.infrastructure.libvirt;

import java.security.SecureRandom;
import java.util.Locale;

import org.vdi.broker.domain.shared.BrokerException;

/**
 * Console passwords as QEMU's display servers accept them. VNC authentication
 * (RFB DES challenge) uses at most 8 characters and libvirt refuses longer
 * ones; SPICE takes up to 60. A new domain gets a random password so its
 * display is never open between define and the first console.
 */
final class ConsolePasswords {

    static final int VNC_MAX = 8;
    static final int SPICE_MAX = 60;
    private static final int SPICE_INITIAL = 24;
    private static final char[] ALPHABET =
            "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789".toCharArray();

    private final SecureRandom random = new SecureRandom();

    /** A random password of the longest length the protocol accepts (SPICE: 24). */
    String random(String protocol) {
        int length = "vnc".equals(protocol) ? VNC_MAX : SPICE_INITIAL;
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(out);
    }

    /** The protocol, lower case, when it is one the broker drives. */
    static String requireProtocol(String protocol) {
        String p = protocol == null ? "" : protocol.toLowerCase(Locale.ROOT);
        if (!p.equals("vnc") && !p.equals("spice")) {
            throw BrokerException.invalid("console protocol must be vnc or spice");
        }
        return p;
    }

    /** The password, when it is printable ASCII of a length the protocol accepts. */
    static String require(String protocol, String password) {
        int max = "vnc".equals(protocol) ? VNC_MAX : SPICE_MAX;
        if (password == null || password.isEmpty() || password.length() > max) {
            throw BrokerException.invalid(protocol + " console passwords must be 1 to " + max + " characters");
        }
        for (int i = 0; i < password.length(); i++) {
            char c = password.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw BrokerException.invalid("console passwords must be printable ASCII without spaces");
            }
        }
        return password;
    }
}
