package org.vdi.console.gateway;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.guacamole.protocol.GuacamoleInstruction;

/**
 * What an in-process session sends to the tunnel: whole instructions, handed over on
 * each flush, with no socket and no parsing on the way. The tunnel's reader takes them
 * one by one, as guacamole-common's reader returns them from a stream.
 *
 * <p>Bounded: a flush waits while {@link #CAPACITY} characters are queued, so a slow
 * browser slows the display thread down (and with it the VNC server, through
 * {@link SyncGate}) instead of filling memory.
 *
 * <p>NOTE: {@link #write} and {@link #flush} run under {@link GuacOutput}'s lock, one
 * writer at a time; the batch is theirs alone.
 */
final class QueuedOutput implements GuacOutput.Sink {

    /** Characters queued before the display thread waits: about a full HD screen of PNG. */
    static final long CAPACITY = 1L << 21;
    /** Characters buffered between flushes before they are handed over anyway, as a stream buffer would. */
    static final int BATCH = 1 << 16;

    private final Handoff<GuacamoleInstruction> queue = new Handoff<>(CAPACITY, i -> i.toString().length());
    private final List<GuacamoleInstruction> batch = new ArrayList<>();
    private int batchChars;

    @Override
    public void write(GuacamoleInstruction instruction, String text) throws IOException {
        // the text is the instruction's cached protocol form, computed on this thread
        batch.add(instruction);
        batchChars += text.length();
        if (batchChars >= BATCH) {
            flush();
        }
    }

    @Override
    public void flush() throws IOException {
        if (batch.isEmpty()) {
            return;
        }
        try {
            queue.putAll(List.copyOf(batch));
        } finally {
            batch.clear();
            batchChars = 0;
        }
    }

    @Override
    public boolean congested() {
        return queue.congested();
    }

    /**
     * For the tunnel: the next instruction, waiting at most {@code timeoutMillis}.
     *
     * @return null once the session ended and everything it sent was taken
     */
    GuacamoleInstruction take(long timeoutMillis) throws IOException {
        return queue.take(timeoutMillis);
    }

    boolean available() {
        return queue.available();
    }

    /** The session is done: the tunnel reads what was sent, then the end. */
    void finish() {
        queue.finish();
    }

    /** The tunnel is gone: what is queued is dropped and the session's next flush fails. */
    void close() {
        queue.close();
    }
}
