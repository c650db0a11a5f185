package org.vdi.portal.http;

import java.io.IOException;

/**
 * An HTTP answer longer than the caller was willing to read. An {@link IOException}
 * so that callers which only care that the call failed need no extra branch; those
 * that tell a bad answer from an unreachable service catch it first.
 */
public class BodyTooLargeException extends IOException {

    private static final long serialVersionUID = 1L;

    private final long limit;

    public BodyTooLargeException(long limit) {
        super("the answer is longer than " + limit + " bytes");
        this.limit = limit;
    }

    /** The cap that was exceeded, in bytes. */
    public long limit() {
        return limit;
    }
}
