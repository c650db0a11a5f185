package org.vdi.console.gateway;

import java.io.IOException;

/**
 * A session's connection to its Guacamole client: a TCP socket ({@link SocketLink}) or
 * the tunnel in this process ({@link InProcessLink}). The session code is the same for
 * both.
 */
interface ClientLink {

    /** Prepares both directions; called first, on the session's thread. */
    void open() throws IOException;

    /** The client's instructions, bounded to the handshake's limit until the session raises it. */
    InstructionSource input();

    GuacOutput output();

    /**
     * Ends the link from the gateway's side, as closing a socket does: what was sent
     * stays readable for the client, then its stream ends; reads and writes blocked in the
     * session fail.
     */
    void close();
}
