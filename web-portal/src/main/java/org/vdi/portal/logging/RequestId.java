package org.vdi.portal.logging;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A request id: the caller's {@code X-Request-Id} when it is well formed (1 to
 * 64 letters, digits, '.', '_', ':' or '-', as load balancers and tracing
 * proxies send them), else a fresh UUID. Anything else is replaced, never
 * echoed: the id goes into every log line and a response header, so it must
 * not carry line breaks, quotes or a megabyte of text.
 */
public final class RequestId {

    public static final String HEADER = "X-Request-Id";
    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private RequestId() {
    }

    /** The incoming id if it is well formed. */
    public static Optional<String> wellFormed(String incoming) {
        return Optional.ofNullable(incoming).filter(s -> WELL_FORMED.matcher(s).matches());
    }

    /** The id for a request that sent {@code incoming} (may be null). */
    public static String of(String incoming) {
        return wellFormed(incoming).orElseGet(() -> UUID.randomUUID().toString());
    }
}
