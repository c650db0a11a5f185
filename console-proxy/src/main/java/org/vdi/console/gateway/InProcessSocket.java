package org.vdi.console.gateway;

import java.io.IOException;
import java.net.SocketTimeoutException;

import org.apache.guacamole.GuacamoleConnectionClosedException;
import org.apache.guacamole.GuacamoleException;
import org.apache.guacamole.GuacamoleUpstreamTimeoutException;
import org.apache.guacamole.io.GuacamoleReader;
import org.apache.guacamole.io.GuacamoleWriter;
import org.apache.guacamole.net.GuacamoleSocket;
import org.apache.guacamole.protocol.GuacamoleInstruction;

/**
 * A connection to the built-in gateway without a socket: what the tunnel writes reaches
 * the session as parsed instructions, and what the session sends comes back as whole
 * instructions, through bounded hand-offs. It speaks guacd's protocol from the first
 * instruction, so guacamole-common's {@code ConfiguredGuacamoleSocket} runs the
 * handshake over it unchanged, exactly as over TCP to guacd.
 *
 * <p>Closing it ends the session (VNC connection and threads); the session ending makes
 * the reader return what was sent, then the end of the stream.
 *
 * <p>NOTE: the reader is for one thread at a time and the writer synchronizes, as
 * guacamole-common's tunnels use them (one reading thread, writers under a lock).
 */
public final class InProcessSocket implements GuacamoleSocket {

    /** As guacamole-common's socket to guacd: silence this long means guacd is gone (it sends nop every 5 s). */
    static final int READ_TIMEOUT_MS = 15_000;

    private final InProcessLink link;
    private final InProcessWriter writer;
    private final GuacamoleReader reader = new Reader();

    InProcessSocket(InProcessLink link) {
        this.link = link;
        this.writer = new InProcessWriter(link.input());
    }

    @Override
    public GuacamoleReader getReader() {
        return reader;
    }

    @Override
    public InProcessWriter getWriter() {
        return writer;
    }

    @Override
    public void close() {
        link.closeFromClient();
    }

    @Override
    public boolean isOpen() {
        return link.input().isOpen();
    }

    /** The session's output, one instruction per read, as guacamole-common's stream reader returns them. */
    private final class Reader implements GuacamoleReader {

        @Override
        public boolean available() {
            return link.sent().available();
        }

        @Override
        public char[] read() throws GuacamoleException {
            GuacamoleInstruction i = readInstruction();
            return i == null ? null : i.toString().toCharArray();
        }

        @Override
        public GuacamoleInstruction readInstruction() throws GuacamoleException {
            try {
                return link.sent().take(READ_TIMEOUT_MS);
            } catch (SocketTimeoutException e) {
                throw new GuacamoleUpstreamTimeoutException("Connection to the built-in gateway timed out.", e);
            } catch (IOException e) {
                throw new GuacamoleConnectionClosedException("Connection to the built-in gateway is closed.", e);
            }
        }
    }
}
