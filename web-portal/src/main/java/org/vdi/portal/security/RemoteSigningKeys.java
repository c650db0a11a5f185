package org.vdi.portal.security;

import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The realm's signing keys, fetched once and cached. A token with a key id we do
 * not know makes us fetch again, since Keycloak may have rotated its keys, but at
 * most once per {@code minRefetchInterval} (30 s): otherwise anyone could make the
 * portal hammer Keycloak by sending tokens with made-up key ids. Keys older than
 * {@code maxAge} are refreshed on use so a key removed from the realm stops
 * working; if that refresh fails the cached keys are still used.
 */
public class RemoteSigningKeys implements SigningKeys {

    private static final Logger LOG = Logger.getLogger(RemoteSigningKeys.class.getName());

    public static final Duration DEFAULT_MIN_REFETCH_INTERVAL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(10);

    private record Snapshot(Map<String, RSAPublicKey> keys, Instant fetchedAt) {
    }

    private final JwksSource source;
    private final Clock clock;
    private final Duration minRefetchInterval;
    private final Duration maxAge;

    // NOTE: readers take the volatile snapshot without locking; only a fetch takes the
    // lock, so one thread fetches while the others wait for its result instead of
    // fetching too. A fetch is bounded by the source's HTTP timeouts.
    private volatile Snapshot snapshot;
    private final Object fetchLock = new Object();
    private Instant lastAttempt;
    private SigningKeysUnavailableException lastFailure;

    public RemoteSigningKeys(JwksSource source, Clock clock) {
        this(source, clock, DEFAULT_MIN_REFETCH_INTERVAL, DEFAULT_MAX_AGE);
    }

    public RemoteSigningKeys(JwksSource source, Clock clock, Duration minRefetchInterval, Duration maxAge) {
        this.source = Objects.requireNonNull(source, "source");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.minRefetchInterval = Objects.requireNonNull(minRefetchInterval, "minRefetchInterval");
        this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
    }

    @Override
    public Optional<RSAPublicKey> find(String keyId) throws SigningKeysUnavailableException {
        Instant now = clock.instant();
        Snapshot s = snapshot;
        if (s != null && fresh(s, now) && s.keys().containsKey(keyId)) {
            return Optional.of(s.keys().get(keyId));
        }
        synchronized (fetchLock) {
            return findOrFetch(keyId, now);
        }
    }

    private Optional<RSAPublicKey> findOrFetch(String keyId, Instant now) throws SigningKeysUnavailableException {
        Snapshot s = snapshot;
        if (s != null && fresh(s, now) && s.keys().containsKey(keyId)) {
            return Optional.of(s.keys().get(keyId)); // another thread fetched meanwhile
        }
        boolean mayFetch = lastAttempt == null || !now.isBefore(lastAttempt.plus(minRefetchInterval));
        if (!mayFetch) {
            if (s == null) {
                throw new SigningKeysUnavailableException(
                        "the realm's signing keys could not be fetched: " + lastFailure.getMessage(), lastFailure);
            }
            return Optional.ofNullable(s.keys().get(keyId));
        }
        lastAttempt = now;
        try {
            Map<String, RSAPublicKey> keys = fetch();
            snapshot = new Snapshot(keys, now);
            lastFailure = null;
            LOG.log(Level.FINE, "Fetched {0} signing key(s) of the realm: {1}", new Object[] {keys.size(), keys.keySet()});
            return Optional.ofNullable(keys.get(keyId));
        } catch (SigningKeysUnavailableException e) {
            lastFailure = e;
            if (s != null && s.keys().containsKey(keyId)) {
                LOG.log(Level.WARNING, "Refreshing the realm's signing keys failed; using the cached ones", e);
                return Optional.of(s.keys().get(keyId));
            }
            LOG.log(Level.SEVERE, "Fetching the realm's signing keys failed", e);
            throw e;
        }
    }

    private Map<String, RSAPublicKey> fetch() throws SigningKeysUnavailableException {
        try {
            return JwkSet.parse(source.fetch());
        } catch (RuntimeException e) {
            throw new SigningKeysUnavailableException("reading the realm's signing keys from " + source + " failed", e);
        }
    }

    private boolean fresh(Snapshot s, Instant now) {
        return now.isBefore(s.fetchedAt().plus(maxAge));
    }
}
