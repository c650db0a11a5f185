package org.vdi.console.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HandshakeLedgerTest {

    @Test
    void factsAreTakenOnceByTheConnectionWithTheSameQuery() {
        HandshakeLedger l = new HandshakeLedger();
        HandshakeFacts a = new HandshakeFacts("http://a", "a", "10.0.0.1");
        HandshakeFacts b = new HandshakeFacts("http://b", "b", "10.0.0.2");
        l.put("ticket=A", a);
        l.put("ticket=B", b);
        assertEquals(b, l.take("ticket=B").orElseThrow());
        assertEquals(a, l.take("ticket=A").orElseThrow());
        assertTrue(l.take("ticket=A").isEmpty(), "once");
    }

    @Test
    void twoHandshakesWithOneTicketAtOnceGetNothing() {
        HandshakeLedger l = new HandshakeLedger();
        l.put("ticket=A", new HandshakeFacts("http://good", "good", null));
        l.put("ticket=A", new HandshakeFacts("http://evil", "good", null));
        assertTrue(l.take("ticket=A").isEmpty());
    }
}
