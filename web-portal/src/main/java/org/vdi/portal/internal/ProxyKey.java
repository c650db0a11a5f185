package org.vdi.portal.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.vdi.console.api.ConsoleRefusedException;
import org.vdi.console.api.InternalApi;
import org.vdi.console.api.Refusal;
import org.vdi.console.api.RequestSignature;

/**
 * The check on every call of the internal listener: {@code vdi.proxy.key}
 * (VDI_PROXY_KEY), the same value here and in every console-proxy of its own,
 * signs each request ({@link RequestSignature}); a request is taken when its
 * signature holds, its time is inside the window and its nonce is new. Unset:
 * calls answer 503 {@code not_configured} (a setup fault, not a server error).
 */
@ApplicationScoped
public class ProxyKey {

    private static final Logger LOG = Logger.getLogger(ProxyKey.class.getName());
    /** Nonces kept at most; past it, calls are refused until the window lets old ones go. */
    static final int MAX_NONCES = 100_000;
    static final String NOT_CONFIGURED = "the internal console API is off: set " + InternalApi.KEY_PROPERTY + " ("
            + InternalApi.KEY_VARIABLE + ", at least " + RequestSignature.MIN_KEY_LENGTH
            + " characters) for the broker and console-proxy";

    @Inject
    @ConfigProperty(name = InternalApi.KEY_PROPERTY)
    Optional<String> key;

    Clock clock = Clock.systemUTC();

    /** Each nonce seen inside the window, with the second after which it may be forgotten. */
    private final Map<String, Long> seen = new ConcurrentHashMap<>();

    /** Whether a key is set that signatures can be checked with. */
    public boolean configured() {
        return expected().isPresent();
    }

    /**
     * Passes when the headers sign this request and the nonce is new.
     *
     * @throws ConsoleRefusedException not_configured when no key (or too short a one) is set;
     *         unauthenticated for a missing, wrong, stale or repeated signature
     */
    public void require(String method, String path, String time, String nonce, String signature, byte[] body)
            throws ConsoleRefusedException {
        RequestSignature keys = expected().orElseThrow(() ->
                new ConsoleRefusedException(Refusal.NOT_CONFIGURED, NOT_CONFIGURED));
        Instant now = clock.instant();
        if (!keys.verifies(method, path, time, nonce, signature, body, now)) {
            LOG.log(Level.WARNING, "Internal console API call to {0} with a {1} signature refused",
                    new Object[] {path, signature == null ? "missing" : "wrong or stale"});
            throw new ConsoleRefusedException(Refusal.UNAUTHENTICATED, "a valid, current "
                    + RequestSignature.SIGNATURE_HEADER + " is required");
        }
        forgetOld(now);
        if (seen.size() >= MAX_NONCES) {
            throw new ConsoleRefusedException(Refusal.UNAUTHENTICATED, "too many internal calls at once; try again");
        }
        long forgetAfter = now.getEpochSecond() + 2 * RequestSignature.WINDOW.toSeconds();
        if (seen.putIfAbsent(nonce, forgetAfter) != null) {
            LOG.log(Level.WARNING, "Internal console API call to {0} sent again (same nonce) refused", path);
            throw new ConsoleRefusedException(Refusal.UNAUTHENTICATED, "this request was already received");
        }
    }

    private void forgetOld(Instant now) {
        long t = now.getEpochSecond();
        seen.values().removeIf(until -> until < t);
    }

    private Optional<RequestSignature> expected() {
        return (key == null ? Optional.<String>empty() : key).map(String::strip)
                .filter(k -> k.length() >= RequestSignature.MIN_KEY_LENGTH).map(RequestSignature::new);
    }
}
