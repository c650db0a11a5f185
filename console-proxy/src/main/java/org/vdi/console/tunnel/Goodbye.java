package org.vdi.console.tunnel;

/**
 * Spots the instructions with which guacd ends a console deliberately, {@code error} and
 * {@code disconnect}, in the whole instructions guacamole-common's reader hands over, without
 * parsing them again or copying the text: an opcode is the first element of an
 * instruction, which starts the text or follows a {@code ';'}.
 */
final class Goodbye {

    private static final char[] ERROR = "5.error,".toCharArray();
    private static final char[] DISCONNECT = "10.disconnect;".toCharArray();

    private Goodbye() {
    }

    /** True when one of the instructions in {@code text} is {@code error} or {@code disconnect}. */
    static boolean in(char[] text) {
        for (int i = 0; i < text.length; i++) {
            if ((i == 0 || text[i - 1] == ';') && (at(text, i, ERROR) || at(text, i, DISCONNECT))) {
                return true;
            }
        }
        return false;
    }

    private static boolean at(char[] text, int i, char[] word) {
        if (text.length - i < word.length) {
            return false;
        }
        for (int k = 0; k < word.length; k++) {
            if (text[i + k] != word[k]) {
                return false;
            }
        }
        return true;
    }
}
