package org.vdi.broker.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.vdi.broker.domain.shared.BrokerException;

class ConsoleConfigTest {

    private static ConsoleConfig with(String key) {
        ConsoleConfig c = new ConsoleConfig();
        c.ticketKey = Optional.ofNullable(key);
        return c;
    }

    @Test
    void theTicketKeyIsBase64OfThirtyTwoRandomBytesOrMore() {
        assertDoesNotThrow(() -> with(Base64.getEncoder().encodeToString(new byte[32])).signer());
        assertDoesNotThrow(() -> with(" " + Base64.getEncoder().encodeToString(new byte[48]) + "\n").signer());
        for (String weak : List.of("a-password-of-forty-characters-or-so-yes", "ticket-key",
                Base64.getEncoder().encodeToString(new byte[31]), "   ")) {
            BrokerException e = assertThrows(BrokerException.class, () -> with(weak).signer(), weak);
            assertTrue(e.getMessage().contains("VDI_TICKET_KEY"), e.getMessage());
        }
        assertEquals("internal_error", assertThrows(BrokerException.class, () -> with(null).signer()).code().code());
    }
}
