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

    @Test
    void aRepeatableLedgerHandsIdenticalFactsToEachChannel() {
        HandshakeLedger l = new HandshakeLedger(true);
        HandshakeFacts f = new HandshakeFacts("http://good", "good", "10.0.0.1");
        l.put("ticket=A", f);
        l.put("ticket=A", f);
        assertEquals(f, l.take("ticket=A").orElseThrow());
        assertEquals(f, l.take("ticket=A").orElseThrow());
        assertTrue(l.take("ticket=A").isEmpty(), "as many as were put");
    }

    @Test
    void aRepeatableLedgerRefusesChannelsWhoseFactsDiffer() {
        HandshakeLedger l = new HandshakeLedger(true);
        l.put("ticket=A", new HandshakeFacts("http://good", "good", "10.0.0.1"));
        l.put("ticket=A", new HandshakeFacts("http://good", "good", "10.0.0.9"));
        assertTrue(l.take("ticket=A").isEmpty());
        assertTrue(l.take("ticket=A").isEmpty());
    }
}
