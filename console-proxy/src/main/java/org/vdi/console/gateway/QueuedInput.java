package org.vdi.console.gateway;

import java.io.IOException;
import java.util.List;

import org.apache.guacamole.protocol.GuacamoleInstruction;
import org.apache.guacamole.protocol.GuacamoleStatus;

/**
 * The client's instructions of an in-process session, handed over already parsed by
 * the tunnel's thread and read by the session's threads. The gateway's bounds apply
 * where the TCP path applies them, when the session reads, so a limit that changes
 * after the handshake takes effect in the same place in the stream; nothing is parsed
 * again, only the element lengths are summed.
 */
final class QueuedInput implements InstructionSource {

    /** A queued instruction, or the failure the client's text caused at this point of the stream. */
    private record Item(GuacamoleInstruction instruction, GatewayException failure) {
    }

    /** Characters queued before the tunnel's writer waits: a few of the largest instructions. */
    static final long CAPACITY = 4L * GatewaySession.SESSION_MAX_LENGTH;

    private final Handoff<Item> items = new Handoff<>(CAPACITY, QueuedInput::weight);
    private final int timeoutMillis;
    private final int maxElements;
    private volatile int maxLength;

    /**
     * @param timeoutMillis how long the client may stay silent, as the TCP path's read timeout
     */
    QueuedInput(int maxLength, int maxElements, int timeoutMillis) {
        this.maxLength = maxLength;
        this.maxElements = maxElements;
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public void maxLength(int maxLength) {
        this.maxLength = maxLength;
    }

    /** The bound now in force, for framing text the client writes. */
    int maxLength() {
        return maxLength;
    }

    @Override
    public GuacamoleInstruction read() throws IOException, GatewayException {
        Item item = items.take(timeoutMillis);
        if (item == null) {
            return null;
        }
        if (item.failure() != null) {
            throw item.failure();
        }
        check(item.instruction());
        return item.instruction();
    }

    /** From the tunnel: the next instructions, in order (waits while the session is behind). */
    void put(List<GuacamoleInstruction> instructions) throws IOException {
        items.putAll(instructions.stream().map(i -> new Item(i, null)).toList());
    }

    /** From the tunnel: its text was refused; the session ends with this error when it gets here. */
    void fail(GatewayException failure) throws IOException {
        items.put(new Item(null, failure));
    }

    /** The client ended its stream: the session reads what is queued, then the end. */
    void finish() {
        items.finish();
    }

    /** The session ended: what is queued is dropped and further writes fail. */
    void close() {
        items.close();
    }

    boolean isOpen() {
        return items.isOpen();
    }

    /** The bounds of {@link InstructionReader}: elements, and the encoded length in code points. */
    private void check(GuacamoleInstruction i) throws GatewayException {
        List<String> args = i.getArgs();
        if (args.size() + 1 > maxElements) {
            throw new GatewayException(GuacamoleStatus.CLIENT_OVERRUN, "instruction has too many elements");
        }
        int budget = maxLength;
        // chars bound code points from above: count code points only when that bound is too high
        if (encodedLength(i, false) > budget && encodedLength(i, true) > budget) {
            throw new GatewayException(GuacamoleStatus.CLIENT_OVERRUN, "instruction too long");
        }
    }

    private static long encodedLength(GuacamoleInstruction i, boolean codePoints) {
        long n = element(i.getOpcode(), codePoints);
        for (String a : i.getArgs()) {
            n += element(a, codePoints);
        }
        return n;
    }

    private static long element(String value, boolean codePoints) {
        int length = codePoints ? value.codePointCount(0, value.length()) : value.length();
        return Integer.toString(length).length() + 2L + length;
    }

    private static int weight(Item item) {
        if (item.instruction() == null) {
            return 1;
        }
        int n = item.instruction().getOpcode().length() + 2;
        for (String a : item.instruction().getArgs()) {
            n += a.length() + 2;
        }
        return n;
    }
}
