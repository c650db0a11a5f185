package org.vdi.portal.rest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.vdi.console.api.ConsoleRefusedException;
import org.vdi.console.api.InternalApi;
import org.vdi.console.api.Refusal;

/**
 * The shared secret console-proxy presents on the internal API, in the header
 * {@value #HEADER}: {@code vdi.proxy.key} (VDI_PROXY_KEY), the same value in the
 * portal and in every console-proxy. Unset: the internal API answers 503
 * {@code not_configured} (a setup fault, not a server error), and no console opens.
 */
@ApplicationScoped
public class ProxyKey {

    public static final String HEADER = InternalApi.KEY_HEADER;
    private static final Logger LOG = Logger.getLogger(ProxyKey.class.getName());
    static final int MIN_LENGTH = 16;
    static final String NOT_CONFIGURED = "the internal console API is off: set " + InternalApi.KEY_PROPERTY + " ("
            + InternalApi.KEY_VARIABLE + ", at least " + MIN_LENGTH + " characters) for the portal and console-proxy";

    @Inject
    @ConfigProperty(name = InternalApi.KEY_PROPERTY)
    Optional<String> key;

    /** Says once, when the application starts, that consoles cannot open without the key. */
    void announce(@Observes @Initialized(ApplicationScoped.class) Object started) {
        if (expected().isEmpty()) {
            LOG.log(Level.SEVERE, "Consoles cannot open: {0}", NOT_CONFIGURED);
        }
    }

    /**
     * Passes when the presented key is the configured one.
     *
     * @throws ConsoleRefusedException not_configured when no key (or too short a one) is set;
     *         unauthenticated for a missing or wrong key
     */
    public void require(String presented) throws ConsoleRefusedException {
        String expected = expected().orElseThrow(() ->
                new ConsoleRefusedException(Refusal.NOT_CONFIGURED, NOT_CONFIGURED));
        if (presented == null || !same(expected, presented.strip())) {
            LOG.log(Level.WARNING, "Internal console API call with a {0} proxy key refused",
                    presented == null ? "missing" : "wrong");
            throw new ConsoleRefusedException(Refusal.UNAUTHENTICATED, "a valid " + HEADER + " header is required");
        }
    }

    private Optional<String> expected() {
        return key == null ? Optional.empty() : key.map(String::strip).filter(k -> k.length() >= MIN_LENGTH);
    }

    /**
     * Constant time in the content: both sides are hashed first, so the digests
     * always have the same length (which also hides the expected key's), and
     * {@link MessageDigest#isEqual} then looks at every byte whatever differs.
     */
    static boolean same(String expected, String presented) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] a = sha.digest(expected.getBytes(StandardCharsets.UTF_8));
            byte[] b = sha.digest(presented.getBytes(StandardCharsets.UTF_8));
            return MessageDigest.isEqual(a, b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }
}
