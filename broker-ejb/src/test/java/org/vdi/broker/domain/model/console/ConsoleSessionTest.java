package org.vdi.broker.domain.model.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class ConsoleSessionTest {

    private static ConsoleSession session() {
        TicketSigner signer = new TicketSigner("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
        ConsoleTicket t = ConsoleTicket.issue(signer, "alice", UUID.randomUUID(), UUID.randomUUID(), "s", "vnc",
                Instant.now(), 30).ticket();
        return new ConsoleSession(t, "demo-1", "127.0.0.1", Instant.now());
    }

    @Test
    void anEndIsRecordedOnce() {
        ConsoleSession s = session();
        assertTrue(s.live());
        assertTrue(s.end(10, 20, "closed by the browser", Instant.now()));
        assertFalse(s.end(99, 99, "again", Instant.now()));
        assertEquals(10, s.bytesIn());
        assertEquals(20, s.bytesOut());
        assertEquals("closed by the browser", s.endReason());
        assertFalse(s.terminate("admin", Instant.now()), "an ended session cannot be terminated");
    }

    @Test
    void aTerminatedSessionEndsWithTheAdministratorsName() {
        ConsoleSession s = session();
        assertTrue(s.terminate("admin", Instant.now()));
        assertFalse(s.terminate("admin2", Instant.now()));
        assertTrue(s.live(), "live until console-proxy reports the close");
        assertFalse(s.endedBySignOut());
        s.end(1, 2, "closed by the browser", Instant.now());
        assertEquals("terminated by admin", s.endReason());
        assertEquals("admin", s.terminatedBy());
    }

    @Test
    void aSignOutStopsTheSessionWithItsOwnReason() {
        ConsoleSession s = session();
        assertTrue(s.signedOut(Instant.now()));
        assertTrue(s.endedBySignOut());
        assertFalse(s.terminate("admin", Instant.now()), "already stopped");
        s.end(5, 6, "closed by the browser", Instant.now());
        assertEquals("signed out", s.endReason());
        assertEquals("alice", s.terminatedBy());
    }
}
