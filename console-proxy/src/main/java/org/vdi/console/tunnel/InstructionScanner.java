package org.vdi.console.tunnel;

import java.util.ArrayList;
import java.util.List;

import org.apache.guacamole.protocol.GuacamoleStatus;

/**
 * Splits what the browser sends into whole Guacamole instructions
 * ({@code LENGTH.VALUE,LENGTH.VALUE,...;}), refusing anything malformed or
 * larger than the limit before it reaches guacd. Lengths count Unicode code
 * points, as the protocol says. An instruction may continue in the next
 * WebSocket message; what is pending counts against the limit too.
 *
 * <p>Not thread safe: one per connection, fed by the container's message thread.
 */
final class InstructionScanner {

    /** One instruction as received: its opcode, arguments and exact text. */
    record Instruction(String opcode, List<String> args, String raw) {
    }

    /** The browser sent something that is not, or not allowed as, an instruction. */
    static final class Refused extends Exception {

        private static final long serialVersionUID = 1L;

        private final transient GuacamoleStatus status;

        Refused(GuacamoleStatus status, String message) {
            super(message);
            this.status = status;
        }

        GuacamoleStatus status() {
            return status;
        }
    }

    static final int MAX_ELEMENTS = 128;
    private static final int MAX_DIGITS = 7;

    private enum State { LENGTH, VALUE, END_OF_ELEMENT }

    private final int maxChars;
    private final StringBuilder raw = new StringBuilder();
    private final StringBuilder value = new StringBuilder();
    private final List<String> elements = new ArrayList<>();
    private State state = State.LENGTH;
    private int length;
    private int digits;
    private int remaining;

    InstructionScanner(int maxChars) {
        this.maxChars = maxChars;
    }

    /** The whole instructions completed by this text, in order. */
    List<Instruction> feed(String text) throws Refused {
        List<Instruction> out = new ArrayList<>(1);
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            int n = Character.charCount(cp);
            raw.append(text, i, i + n);
            if (raw.length() > maxChars) {
                throw new Refused(GuacamoleStatus.CLIENT_OVERRUN, "an instruction longer than " + maxChars
                        + " characters");
            }
            switch (state) {
                case LENGTH -> length(cp);
                case VALUE -> {
                    value.appendCodePoint(cp);
                    if (--remaining == 0) {
                        state = State.END_OF_ELEMENT;
                    }
                }
                case END_OF_ELEMENT -> {
                    if (cp == ',' || cp == ';') {
                        elements.add(value.toString());
                        if (elements.size() > MAX_ELEMENTS) {
                            throw new Refused(GuacamoleStatus.CLIENT_OVERRUN, "an instruction with more than "
                                    + MAX_ELEMENTS + " elements");
                        }
                        startElement();
                        if (cp == ';') {
                            out.add(new Instruction(elements.get(0), List.copyOf(elements.subList(1,
                                    elements.size())), raw.toString()));
                            elements.clear();
                            raw.setLength(0);
                        }
                    } else {
                        throw malformed("expected ',' or ';' after an element");
                    }
                }
                default -> throw new IllegalStateException(state.name());
            }
            i += n;
        }
        return out;
    }

    /** True when part of an instruction waits for the next message. */
    boolean pending() {
        return raw.length() > 0;
    }

    private void length(int cp) throws Refused {
        if (cp >= '0' && cp <= '9') {
            if (++digits > MAX_DIGITS) {
                throw malformed("an element length with too many digits");
            }
            length = length * 10 + (cp - '0');
            if (length > maxChars) {
                throw new Refused(GuacamoleStatus.CLIENT_OVERRUN, "an element longer than " + maxChars
                        + " characters");
            }
        } else if (cp == '.' && digits > 0) {
            remaining = length;
            value.setLength(0);
            state = length == 0 ? State.END_OF_ELEMENT : State.VALUE;
        } else {
            throw malformed("expected a decimal element length");
        }
    }

    private void startElement() {
        state = State.LENGTH;
        length = 0;
        digits = 0;
        value.setLength(0);
    }

    private static Refused malformed(String what) {
        return new Refused(GuacamoleStatus.CLIENT_BAD_REQUEST, "a malformed instruction: " + what);
    }
}
