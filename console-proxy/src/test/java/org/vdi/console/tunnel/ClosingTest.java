package org.vdi.console.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.guacamole.protocol.GuacamoleStatus;
import org.junit.jupiter.api.Test;
import org.vdi.console.api.ConsoleRefusedException;
import org.vdi.console.api.Refusal;

/** The contract's numbers are guacamole-common's: a refusal closes as Guacamole's own tunnel would. */
class ClosingTest {

    @Test
    void everyRefusalIsAGuacamoleStatusWithItsWebSocketCode() {
        for (Refusal r : Refusal.values()) {
            GuacamoleStatus s = GuacamoleStatus.fromGuacamoleStatusCode(r.guacamoleStatus());
            assertNotNull(s, r + ": no Guacamole status " + r.guacamoleStatus());
            assertEquals(s.getWebSocketCode(), r.webSocketCode(), r.toString());
            assertEquals(s, Closing.of(r, null).status());
        }
    }

    @Test
    void theBrokersWordsReachTheUserOnlyWhenTheyHelp() {
        Closing used = Closing.refused(new ConsoleRefusedException(Refusal.TICKET_USED,
                "this console ticket was already used"));
        assertEquals(GuacamoleStatus.CLIENT_UNAUTHORIZED, used.status());
        assertEquals("this console ticket was already used", used.message());
        assertTrue(used.reason().contains("ticket_used"), used.reason());

        Closing key = Closing.refused(new ConsoleRefusedException(Refusal.NOT_CONFIGURED,
                "vdi.proxy.key (VDI_PROXY_KEY) is not set for console-proxy"));
        assertEquals(GuacamoleStatus.SERVER_ERROR, key.status());
        assertEquals("the console service cannot reach the broker right now; try again in a moment", key.message());
        assertTrue(key.reason().contains("VDI_PROXY_KEY"), "the record keeps the detail: " + key.reason());
    }

    @Test
    void ownRefusalsKeepTheirWords() {
        Closing c = Closing.of(Refusal.TOO_MANY_CONSOLES, "you already have 3 consoles open; close one first");
        assertEquals(GuacamoleStatus.CLIENT_TOO_MANY, c.status());
        assertEquals(c.message(), c.reason());
        assertEquals(Refusal.ORIGIN_NOT_ALLOWED.message(), Closing.of(Refusal.ORIGIN_NOT_ALLOWED, null).message());
    }
}
