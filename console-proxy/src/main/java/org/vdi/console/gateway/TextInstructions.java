package org.vdi.console.gateway;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

import org.apache.guacamole.protocol.GuacamoleInstruction;

/**
 * Whole instructions out of protocol text written in arbitrary pieces, for writers
 * that hand the in-process gateway text rather than parsed instructions. The gateway's
 * own {@link InstructionReader} parses, so framing and bounds are those of the TCP path;
 * an instruction cut at the end of a piece waits for the next one.
 *
 * <p>Not thread safe: one per writer, which synchronizes.
 */
final class TextInstructions {

    private final int maxElements;
    private final StringBuilder pending = new StringBuilder();

    TextInstructions(int maxElements) {
        this.maxElements = maxElements;
    }

    /**
     * @return the instructions this piece completes, in order
     * @throws GatewayException malformed or oversized text
     */
    List<GuacamoleInstruction> feed(char[] chunk, int offset, int length, int maxLength) throws GatewayException {
        pending.append(chunk, offset, length);
        Cursor cursor = new Cursor();
        InstructionReader reader = new InstructionReader(cursor, maxLength, maxElements);
        List<GuacamoleInstruction> out = new ArrayList<>();
        int consumed = 0;
        for (;;) {
            GuacamoleInstruction i;
            try {
                i = reader.read();
            } catch (GatewayException e) {
                if (cursor.atEnd) {
                    // cut at the end of the piece: not malformed (yet); the rest comes later
                    break;
                }
                throw e;
            } catch (IOException e) {
                throw new IllegalStateException("reading from memory failed", e);
            }
            if (i == null) {
                break;
            }
            out.add(i);
            consumed = cursor.position;
        }
        // NOTE: a cut instruction is parsed again from its start with the next piece; it is
        // bounded by maxLength, and whole instructions per piece are the usual case
        pending.delete(0, consumed);
        return out;
    }

    /** Reads {@link #pending} and remembers where it stopped and whether it ran out. */
    private final class Cursor extends Reader {

        int position;
        boolean atEnd;

        @Override
        public int read() {
            if (position >= pending.length()) {
                atEnd = true;
                return -1;
            }
            return pending.charAt(position++);
        }

        @Override
        public int read(char[] buffer, int offset, int length) {
            int n = 0;
            while (n < length) {
                int c = read();
                if (c < 0) {
                    return n == 0 ? -1 : n;
                }
                buffer[offset + n++] = (char) c;
            }
            return n;
        }

        @Override
        public void close() {
            // nothing to release
        }
    }
}
