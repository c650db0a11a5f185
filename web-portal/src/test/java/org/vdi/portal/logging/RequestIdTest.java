package org.vdi.portal.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;

import org.junit.jupiter.api.Test;

class RequestIdTest {

    @Test
    void keepsAWellFormedIncomingId() {
        assertEquals("lb-7f3a:01.2_x", RequestId.of("lb-7f3a:01.2_x"));
        String max = "a".repeat(64);
        assertEquals(max, RequestId.of(max));
    }

    @Test
    void replacesAMissingOrMalformedId() {
        for (String bad : new String[] {null, "", "a b", "x\ny", "\"quoted\"", "a".repeat(65), "ümlaut", "a;b"}) {
            String id = RequestId.of(bad);
            assertNotEquals(bad, id);
            UUID.fromString(id);
            assertTrue(RequestId.wellFormed(id).isPresent(), "a generated id is well formed itself");
        }
    }

    @Test
    void theLogFormatSettingTakesTextOrJsonOnly() {
        assertEquals(LogFormat.TEXT, LogFormat.parse(null));
        assertEquals(LogFormat.TEXT, LogFormat.parse(" "));
        assertEquals(LogFormat.JSON, LogFormat.parse(" JSON "));
        assertEquals(LogFormat.TEXT, LogFormat.parse("text"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LogFormat.parse("xml"));
        assertTrue(e.getMessage().contains("VDI_LOG_FORMAT"), e.getMessage());
    }
}
