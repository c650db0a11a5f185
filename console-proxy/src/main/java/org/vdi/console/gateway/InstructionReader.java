package org.vdi.console.gateway;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

import org.apache.guacamole.protocol.GuacamoleInstruction;
import org.apache.guacamole.protocol.GuacamoleStatus;

/**
 * Reads Guacamole instructions from the client with hard bounds on the length of one
 * instruction and on its number of elements, so a hostile or broken peer can neither
 * make the gateway allocate without limit nor confuse it with bad framing.
 *
 * <p>guacamole-common's {@code ReaderGuacamoleReader} grows its buffer without bound and
 * {@code GuacamoleParser} caps only single elements; this reader caps the whole
 * instruction. Lengths count Unicode code points, as the protocol defines them.
 */
final class InstructionReader implements InstructionSource {

    private static final int MAX_DIGITS = 7;

    private final Reader in;
    private volatile int maxLength;
    private final int maxElements;

    /**
     * @param in         buffered: characters are read one at a time
     * @param maxLength  the longest instruction accepted, in characters including framing
     * @param maxElements the most elements (opcode included) accepted in one instruction
     */
    InstructionReader(Reader in, int maxLength, int maxElements) {
        this.in = in;
        this.maxLength = maxLength;
        this.maxElements = maxElements;
    }

    @Override
    public void maxLength(int maxLength) {
        this.maxLength = maxLength;
    }

    /**
     * The next instruction, or null when the stream ends cleanly between instructions.
     *
     * @throws GatewayException a malformed, truncated or oversized instruction
     * @throws IOException      reading failed
     */
    @Override
    public GuacamoleInstruction read() throws IOException, GatewayException {
        List<String> elements = new ArrayList<>(8);
        int budget = maxLength;
        for (;;) {
            int c = in.read();
            if (c < 0) {
                if (elements.isEmpty()) {
                    return null;
                }
                throw truncated();
            }
            // element length: decimal digits then '.'
            int length = 0;
            int digits = 0;
            while (c != '.') {
                if (c < '0' || c > '9') {
                    throw c < 0 ? truncated() : GatewayException.badRequest("non-numeric character in element length");
                }
                if (++digits > MAX_DIGITS) {
                    throw overrun();
                }
                length = length * 10 + (c - '0');
                c = in.read();
            }
            budget -= digits + 2 + length;
            if (budget < 0) {
                throw overrun();
            }
            if (elements.size() >= maxElements) {
                throw new GatewayException(GuacamoleStatus.CLIENT_OVERRUN, "instruction has too many elements");
            }
            elements.add(readElement(length));
            int terminator = in.read();
            if (terminator == ';') {
                return new GuacamoleInstruction(elements.get(0), elements.subList(1, elements.size()));
            }
            if (terminator < 0) {
                throw truncated();
            }
            if (terminator != ',') {
                throw GatewayException.badRequest("element terminator is neither ',' nor ';'");
            }
        }
    }

    private String readElement(int codePoints) throws IOException, GatewayException {
        StringBuilder sb = new StringBuilder(Math.min(codePoints, 1024));
        for (int i = 0; i < codePoints; i++) {
            int c = in.read();
            if (c < 0) {
                throw truncated();
            }
            sb.append((char) c);
            if (Character.isHighSurrogate((char) c)) {
                // NOTE: a code point outside the BMP is two chars but counts once
                int low = in.read();
                if (low < 0) {
                    throw truncated();
                }
                sb.append((char) low);
            }
        }
        return sb.toString();
    }

    private static GatewayException truncated() {
        return GatewayException.badRequest("stream ended inside an instruction");
    }

    private static GatewayException overrun() {
        return new GatewayException(GuacamoleStatus.CLIENT_OVERRUN, "instruction too long");
    }
}
