package org.vdi.broker.domain.model.console;

import java.util.Arrays;
import java.util.Optional;

import com.code_intelligence.jazzer.junit.FuzzTest;

import org.vdi.console.api.TicketText;

/**
 * The ticket decoder under coverage-guided fuzzing: any text is a ticket or nothing,
 * never an exception; a ticket is exactly the texts of a ticket's shape, and it
 * encodes to a text that decodes to the same ticket.
 */
class TicketTokenFuzzTest {

    @FuzzTest
    void fuzz(byte[] input) {
        // mostly ticket-shaped text: the bytes mapped onto base64url's alphabet, one dot in the middle
        String text = input.length > 0 && (input[0] & 1) == 0 ? shaped(input) : new String(input,
                java.nio.charset.StandardCharsets.ISO_8859_1);
        Optional<TicketToken> t = TicketToken.parse(text);
        if (t.isPresent() && !TicketText.wellFormed(text)) {
            throw new AssertionError("decoded a ticket from a text of the wrong shape: " + text);
        }
        t.ifPresent(ticket -> {
            TicketToken again = TicketToken.parse(ticket.encode())
                    .orElseThrow(() -> new AssertionError("its own encoding does not decode: " + ticket.encode()));
            if (!again.id().equals(ticket.id()) || !Arrays.equals(again.mac(), ticket.mac())) {
                throw new AssertionError("encoding changed the ticket " + text);
            }
        });
    }

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private static String shaped(byte[] input) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i < input.length && b.length() < 70; i++) {
            b.append(b.length() == 22 && (input[i] & 0x80) == 0 ? '.' : ALPHABET.charAt(input[i] & 63));
        }
        return b.toString();
    }
}
