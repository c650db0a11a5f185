package org.vdi.console.gateway;

import java.io.IOException;
import java.util.List;

import org.apache.guacamole.GuacamoleConnectionClosedException;
import org.apache.guacamole.GuacamoleException;
import org.apache.guacamole.io.GuacamoleWriter;
import org.apache.guacamole.protocol.GuacamoleInstruction;

/**
 * The tunnel's writer into an in-process gateway session. Callers that hold parsed
 * instructions already (guacamole-common's handshake, the console tunnel, which scans
 * the browser's text to check it) hand them over with {@link #writeInstruction} or
 * {@link #writeInstructions}, and nothing parses them again; text written with
 * {@link #write(char[], int, int)} is parsed here, once.
 *
 * <p>Waits while the session is behind on input (a bounded queue). A malformed or
 * oversized instruction ends the session with a Guacamole error, as guacd would.
 *
 * <p>NOTE: synchronized: one writer at a time, so instructions stay whole and ordered.
 */
public final class InProcessWriter implements GuacamoleWriter {

    private final QueuedInput input;
    private final TextInstructions text = new TextInstructions(GatewaySession.MAX_ELEMENTS);
    /** Set once text was refused: the stream is broken from there, as on a socket, and the session ends. */
    private boolean refused;

    InProcessWriter(QueuedInput input) {
        this.input = input;
    }

    @Override
    public synchronized void writeInstruction(GuacamoleInstruction instruction) throws GuacamoleException {
        writeInstructions(List.of(instruction));
    }

    /** Several already parsed instructions, in order, handed over together. */
    public synchronized void writeInstructions(List<GuacamoleInstruction> instructions) throws GuacamoleException {
        if (refused) {
            return;
        }
        try {
            input.put(instructions);
        } catch (IOException e) {
            throw closed(e);
        }
    }

    @Override
    public void write(char[] chunk) throws GuacamoleException {
        write(chunk, 0, chunk.length);
    }

    @Override
    public synchronized void write(char[] chunk, int offset, int length) throws GuacamoleException {
        if (refused) {
            return;
        }
        try {
            List<GuacamoleInstruction> parsed;
            try {
                // framed with the session's largest bound; the bound in force is checked when read
                parsed = text.feed(chunk, offset, length, GatewaySession.SESSION_MAX_LENGTH);
            } catch (GatewayException e) {
                refused = true;
                input.fail(e);
                return;
            }
            if (!parsed.isEmpty()) {
                input.put(parsed);
            }
        } catch (IOException e) {
            throw closed(e);
        }
    }

    private static GuacamoleConnectionClosedException closed(IOException e) {
        return new GuacamoleConnectionClosedException("Connection to the built-in gateway is closed.", e);
    }
}
