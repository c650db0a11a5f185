package org.vdi.broker.domain.model.console;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class ConsoleTicketTest {

    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final TicketSigner SIGNER = new TicketSigner(KEY);
    private static final Instant NOW = Instant.parse("2025-01-01T10:00:00.250Z");
    private static final UUID DESKTOP = UUID.randomUUID();
    private static final UUID ASSIGNMENT = UUID.randomUUID();

    private static ConsoleTicket.Issued issue(String user) {
        return ConsoleTicket.issue(SIGNER, user, DESKTOP, ASSIGNMENT, "sid-1", "vnc", NOW, 30);
    }

    @Test
    void aTicketJustIssuedMatchesItsRowAndExpiresWithinThirtySeconds() {
        ConsoleTicket.Issued i = issue("alice");
        assertTrue(i.ticket().matches(i.token(), SIGNER));
        assertEquals(Instant.parse("2025-01-01T10:00:30Z"), i.ticket().expiresAt(), "whole seconds, at most 30 s");
        assertFalse(i.ticket().expiredAt(NOW.plusSeconds(29)));
        assertTrue(i.ticket().expiredAt(NOW.plusSeconds(30)), "expired at 30 s after issue");
        assertEquals("sid-1", i.ticket().loginSession());
    }

    @Test
    void theTextFormRoundTripsAndKeepsTheMacSecretInToString() {
        ConsoleTicket.Issued i = issue("alice");
        String text = i.token().encode();
        assertEquals(66, text.length());
        TicketToken back = TicketToken.parse(text).orElseThrow();
        assertEquals(i.token(), back);
        assertTrue(i.ticket().matches(back, SIGNER));
        assertFalse(i.token().toString().contains(text.substring(23)), "toString never shows the MAC");
    }

    @Test
    void aForgedMacIsRefused() {
        ConsoleTicket.Issued i = issue("alice");
        byte[] mac = i.token().mac();
        mac[5] ^= 1;
        assertFalse(i.ticket().matches(new TicketToken(i.ticket().id(), mac), SIGNER));
        byte[] zeros = new byte[32];
        assertFalse(i.ticket().matches(new TicketToken(i.ticket().id(), zeros), SIGNER));
    }

    @Test
    void aTicketSignedWithAnotherKeyIsRefused() {
        byte[] other = KEY.clone();
        other[0] ^= 1;
        ConsoleTicket.Issued i = ConsoleTicket.issue(new TicketSigner(other), "alice", DESKTOP, ASSIGNMENT, "sid-1",
                "vnc", NOW, 30);
        assertFalse(i.ticket().matches(i.token(), SIGNER));
    }

    @Test
    void anotherUsersRowDoesNotAcceptTheTicket() throws Exception {
        ConsoleTicket.Issued alice = issue("alice");
        // the row altered to name bob (someone writing the table): the MAC no longer fits
        set(alice.ticket(), "userName", "bob");
        assertFalse(alice.ticket().matches(alice.token(), SIGNER));
        // and bob's own ticket is not alice's
        ConsoleTicket.Issued bob = issue("bob");
        assertFalse(bob.ticket().matches(alice.token(), SIGNER));
        assertFalse(alice.ticket().matches(bob.token(), SIGNER));
    }

    @Test
    void movingTheExpiryOrDesktopBreaksTheMac() throws Exception {
        ConsoleTicket.Issued i = issue("alice");
        set(i.ticket(), "expiresAt", i.ticket().expiresAt().plusSeconds(3600));
        assertFalse(i.ticket().matches(i.token(), SIGNER), "a longer life is not signed");
        ConsoleTicket.Issued j = issue("alice");
        set(j.ticket(), "desktopId", UUID.randomUUID());
        assertFalse(j.ticket().matches(j.token(), SIGNER), "another desktop is not signed");
        ConsoleTicket.Issued k = issue("alice");
        set(k.ticket(), "protocol", "spice");
        assertFalse(k.ticket().matches(k.token(), SIGNER), "another kind of console is not signed");
        ConsoleTicket.Issued l = issue("alice");
        set(l.ticket(), "assignmentId", UUID.randomUUID());
        assertFalse(l.ticket().matches(l.token(), SIGNER), "another holding is not signed");
    }

    @Test
    void theSignerSeparatesFields() {
        UUID id = UUID.randomUUID();
        byte[] a = SIGNER.mac(id, "ab", DESKTOP, ASSIGNMENT, "c", "vnc", NOW);
        byte[] b = SIGNER.mac(id, "a", DESKTOP, ASSIGNMENT, "bc", "vnc", NOW);
        assertFalse(Arrays.equals(a, b), "length-prefixed fields: ab|c is not a|bc");
        assertArrayEquals(a, SIGNER.mac(id, "ab", DESKTOP, ASSIGNMENT, "c", "vnc", NOW.plusMillis(500)),
                "seconds only");
        assertNotEquals(Arrays.toString(a), Arrays.toString(SIGNER.mac(id, "ab", DESKTOP, ASSIGNMENT, "c", "vnc",
                NOW.plusSeconds(1))));
        assertFalse(Arrays.equals(a, SIGNER.mac(id, "ab", DESKTOP, ASSIGNMENT, "cv", "nc", NOW)),
                "ab|c|vnc is not ab|cv|nc");
    }

    @Test
    void malformedTextIsNoTicket() {
        ConsoleTicket.Issued i = issue("alice");
        String text = i.token().encode();
        assertTrue(TicketToken.parse(null).isEmpty());
        assertTrue(TicketToken.parse("").isEmpty());
        assertTrue(TicketToken.parse(text + "x").isEmpty());
        assertTrue(TicketToken.parse(text.replace('.', '-')).isEmpty());
        assertTrue(TicketToken.parse(text.substring(0, 22) + "." + "!".repeat(43)).isEmpty());
        assertTrue(TicketToken.parse("' or 1=1 --").isEmpty());
    }

    @Test
    void shortKeysAndLongLivesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new TicketSigner(new byte[31]));
        assertThrows(IllegalArgumentException.class,
                () -> ConsoleTicket.issue(SIGNER, "alice", DESKTOP, ASSIGNMENT, null, "vnc", NOW, 31));
    }

    @Test
    void aTokenWithoutSessionIsBoundToBearer() {
        ConsoleTicket.Issued i = ConsoleTicket.issue(SIGNER, "alice", DESKTOP, ASSIGNMENT, " ", "vnc", NOW, 10);
        assertEquals("bearer", i.ticket().loginSession());
        assertTrue(i.ticket().matches(i.token(), SIGNER));
    }

    private static void set(Object o, String field, Object value) throws Exception {
        Field f = o.getClass().getDeclaredField(field);
        f.setAccessible(true);
        f.set(o, value);
    }
}
