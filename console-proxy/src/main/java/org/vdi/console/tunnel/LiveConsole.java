package org.vdi.console.tunnel;

import java.util.Optional;
import java.util.UUID;

import org.vdi.console.metrics.ConsoleProtocol;

/**
 * One console session open on this node, whatever carries it: a Guacamole
 * tunnel or a SPICE session of several bridged channels (both a
 * {@link ConsoleConnection}). The registry counts them per user, the
 * watcher closes idle and terminated ones and reports them to the broker, all
 * through this interface.
 */
interface LiveConsole {

    /** What the broker records when the session ends. */
    record Ended(UUID sessionId, String reason, long bytesIn, long bytesOut) {
    }

    UUID sessionId();

    /** What carries it, for the open-sessions gauge. */
    ConsoleProtocol protocol();

    String user();

    /** True once a close has begun. */
    boolean closing();

    boolean idleLongerThan(long seconds, long nowNanos);

    /** True once per report period when the user did something since the last one. */
    boolean takeActivity();

    /** Closes everything of the session, telling the user why; later calls do nothing. */
    void close(Closing why);

    /**
     * Once, after the browser side has closed: the session's end for the
     * broker, with the first recorded cause or else {@code fallback}.
     */
    Optional<Ended> finish(Closing fallback);
}
