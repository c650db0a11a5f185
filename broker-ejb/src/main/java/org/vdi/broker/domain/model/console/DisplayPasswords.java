package org.vdi.broker.domain.model.console;

import java.security.SecureRandom;

/**
 * One-time passwords for a desktop's display. VNC authentication uses at most
 * 8 characters (libvirt refuses longer ones), so each console gets a fresh
 * random one of exactly 8, valid for a minute: long enough for console-proxy
 * to connect, too short to be worth stealing.
 */
public final class DisplayPasswords {

    public static final int VNC_LENGTH = 8;
    /** SPICE takes up to 60 characters; 20 of this alphabet are about 115 bits. */
    public static final int SPICE_LENGTH = 20;

    /** Letters and digits only: every VNC client and libvirt take them without escaping. */
    private static final char[] ALPHABET =
            "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789".toCharArray();

    private final SecureRandom random;

    public DisplayPasswords(SecureRandom random) {
        this.random = random;
    }

    public String vnc() {
        return of(VNC_LENGTH);
    }

    /** For a SPICE client outside the broker (a .vv file): it travels to the user, so it is long. */
    public String spice() {
        return of(SPICE_LENGTH);
    }

    private String of(int length) {
        char[] out = new char[length];
        for (int i = 0; i < out.length; i++) {
            out[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(out);
    }
}
