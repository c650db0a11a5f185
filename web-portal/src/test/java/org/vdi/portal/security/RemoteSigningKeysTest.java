package org.vdi.portal.security;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vdi.portal.security.TestKeys.MutableClock;

class RemoteSigningKeysTest {

    private static KeyPair first;
    private static KeyPair second;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-15T10:00:00Z"));
    private final AtomicInteger fetches = new AtomicInteger();
    private volatile String document;
    private volatile boolean down;

    private final RemoteSigningKeys keys = new RemoteSigningKeys(() -> {
        fetches.incrementAndGet();
        if (down) {
            throw new SigningKeysUnavailableException("connection refused");
        }
        return document;
    }, clock);

    @BeforeAll
    static void keyPairs() {
        first = TestKeys.rsa(2048);
        second = TestKeys.rsa(2048);
    }


    @Test
    void fetchesOnceAndCaches() throws Exception {
        document = TestKeys.jwks(TestKeys.jwk("k1", first.getPublic(), "sig", "RS256"));
        assertEquals(first.getPublic(), keys.find("k1").orElseThrow());
        assertEquals(first.getPublic(), keys.find("k1").orElseThrow());
        assertEquals(1, fetches.get());
    }

    @Test
    void refetchesForAnUnknownKeyAtMostEvery30Seconds() throws Exception {
        document = TestKeys.jwks(TestKeys.jwk("k1", first.getPublic(), "sig", "RS256"));
        keys.find("k1");
        assertTrue(keys.find("made-up").isEmpty());
        assertEquals(1, fetches.get(), "the first fetch is less than 30 s ago");

        clock.advance(Duration.ofSeconds(30));
        assertTrue(keys.find("made-up").isEmpty());
        assertEquals(2, fetches.get());
        assertTrue(keys.find("made-up-too").isEmpty());
        assertEquals(2, fetches.get());
    }

    @Test
    void findsARotatedKey() throws Exception {
        document = TestKeys.jwks(TestKeys.jwk("k1", first.getPublic(), "sig", "RS256"));
        keys.find("k1");
        clock.advance(Duration.ofSeconds(31));
        document = TestKeys.jwks(TestKeys.jwk("k1", first.getPublic(), "sig", "RS256"),
                TestKeys.jwk("k2", second.getPublic(), "sig", "RS256"));
        assertEquals(second.getPublic(), keys.find("k2").orElseThrow());
        assertEquals(2, fetches.get());
    }

    @Test
    void reportsUnavailableKeysAndRetriesOnlyAfterTheInterval() {
        down = true;
        assertThrows(SigningKeysUnavailableException.class, () -> keys.find("k1"));
        assertThrows(SigningKeysUnavailableException.class, () -> keys.find("k1"));
        assertEquals(1, fetches.get());

        down = false;
        document = TestKeys.jwks(TestKeys.jwk("k1", first.getPublic(), "sig", "RS256"));
        clock.advance(Duration.ofSeconds(30));
        assertTrue(assertDoesNotThrow(() -> keys.find("k1")).isPresent());
        assertEquals(2, fetches.get());
    }

    @Test
    void aDocumentThatIsNoKeySetMeansUnavailable() {
        document = "<html>maintenance</html>";
        assertThrows(SigningKeysUnavailableException.class, () -> keys.find("k1"));
        assertThrows(SigningKeysUnavailableException.class, () -> keys.find("k1"));
        assertEquals(1, fetches.get());
    }

    @Test
    void refreshesOldKeysAndKeepsThemWhenTheRefreshFails() throws Exception {
        document = TestKeys.jwks(TestKeys.jwk("k1", first.getPublic(), "sig", "RS256"));
        keys.find("k1");
        clock.advance(RemoteSigningKeys.DEFAULT_MAX_AGE);
        down = true;
        assertEquals(first.getPublic(), keys.find("k1").orElseThrow(), "stale key served while Keycloak is down");
        assertEquals(2, fetches.get());
    }

    @Test
    void dropsAKeyTheRealmNoLongerPublishes() throws Exception {
        document = TestKeys.jwks(TestKeys.jwk("k1", first.getPublic(), "sig", "RS256"));
        keys.find("k1");
        clock.advance(RemoteSigningKeys.DEFAULT_MAX_AGE);
        document = TestKeys.jwks(TestKeys.jwk("k2", second.getPublic(), "sig", "RS256"));
        assertTrue(keys.find("k1").isEmpty());
    }
}
