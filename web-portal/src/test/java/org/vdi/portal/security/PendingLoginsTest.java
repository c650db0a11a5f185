package org.vdi.portal.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class PendingLoginsTest {

    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");

    @Test
    void aStateIsGoodForExactlyOneCallback() {
        PendingLogins p = new PendingLogins();
        LoginRequest r = LoginRequest.start("/", NOW);
        p.add(r);
        assertEquals(r, p.take(r.state(), NOW.plusSeconds(5)).orElseThrow());
        assertTrue(p.take(r.state(), NOW.plusSeconds(6)).isEmpty(), "replayed callback");
    }

    @Test
    void unknownMissingOrAlteredStatesAreRefused() {
        PendingLogins p = new PendingLogins();
        LoginRequest r = LoginRequest.start("/", NOW);
        p.add(r);
        assertTrue(p.take(null, NOW).isEmpty());
        assertTrue(p.take("", NOW).isEmpty());
        assertTrue(p.take(r.state() + "x", NOW).isEmpty());
        assertTrue(p.take(r.state().substring(1), NOW).isEmpty());
        assertEquals(1, p.size(), "a wrong guess does not use up the real one");
    }

    @Test
    void expiredRequestsAreRefused() {
        PendingLogins p = new PendingLogins();
        LoginRequest r = LoginRequest.start("/", NOW);
        p.add(r);
        assertTrue(p.take(r.state(), NOW.plus(PendingLogins.LIFETIME).plus(Duration.ofSeconds(1))).isEmpty());
        assertEquals(0, p.size());
    }

    @Test
    void twoTabsMaySignInAtOnceAndTheOldestGoesBeyondTheLimit() {
        PendingLogins p = new PendingLogins();
        LoginRequest first = LoginRequest.start("/a", NOW);
        p.add(first);
        LoginRequest second = LoginRequest.start("/b", NOW);
        p.add(second);
        assertEquals("/b", p.take(second.state(), NOW).orElseThrow().next());
        assertEquals("/a", p.take(first.state(), NOW).orElseThrow().next());

        LoginRequest oldest = LoginRequest.start("/", NOW);
        p.add(oldest);
        for (int i = 0; i < PendingLogins.MAX; i++) {
            p.add(LoginRequest.start("/", NOW));
        }
        assertEquals(PendingLogins.MAX, p.size());
        assertTrue(p.take(oldest.state(), NOW).isEmpty());
    }
}
