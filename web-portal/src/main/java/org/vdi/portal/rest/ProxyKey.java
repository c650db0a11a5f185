package org.vdi.portal.rest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.vdi.broker.domain.shared.BrokerException;
import org.vdi.broker.domain.shared.ErrorCode;

/**
 * The shared secret console-proxy presents on the internal API, in the header
 * {@value #HEADER}: {@code vdi.proxy.key} (VDI_PROXY_KEY), the same value in the
 * portal and in every console-proxy. Unset: the internal API refuses everything.
 */
@ApplicationScoped
public class ProxyKey {

    public static final String HEADER = "X-VDI-Proxy-Key";
    private static final Logger LOG = Logger.getLogger(ProxyKey.class.getName());
    private static final int MIN_LENGTH = 16;

    @Inject
    @ConfigProperty(name = "vdi.proxy.key")
    Optional<String> key;

    /**
     * Passes when the presented key is the configured one.
     *
     * @throws BrokerException unauthenticated for a missing or wrong key; internal_error when none is configured
     */
    public void require(String presented) {
        String expected = key.map(String::strip).filter(k -> k.length() >= MIN_LENGTH).orElseThrow(() ->
                new BrokerException(ErrorCode.INTERNAL_ERROR, "the internal console API is off: set vdi.proxy.key "
                        + "(VDI_PROXY_KEY, at least " + MIN_LENGTH + " characters) for the portal and console-proxy"));
        if (presented == null || !same(expected, presented.strip())) {
            LOG.log(Level.WARNING, "Internal console API call with a {0} proxy key refused",
                    presented == null ? "missing" : "wrong");
            throw new BrokerException(ErrorCode.UNAUTHENTICATED, "a valid " + HEADER + " header is required");
        }
    }

    /** Constant time in the content; hashing first also hides the expected length. */
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
