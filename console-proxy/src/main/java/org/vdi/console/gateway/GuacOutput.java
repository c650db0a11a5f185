package org.vdi.console.gateway;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.guacamole.protocol.GuacamoleInstruction;

/**
 * The instruction stream to the Guacamole client, shared by the threads of one session
 * (display updates, input acknowledgements, keep-alives). Instructions are written
 * whole, so any interleaving between threads is valid protocol.
 */
final class GuacOutput {

    private static final String NOP = new GuacamoleInstruction("nop").toString();

    private final Writer out;
    // NOTE: a lock rather than synchronized, so the keep-alive can give up instead of
    // queueing behind a display thread that is blocked on a slow client.
    private final ReentrantLock lock = new ReentrantLock();
    private volatile long lastWrite = System.nanoTime();

    GuacOutput(OutputStream out) {
        this.out = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    }

    /** Buffers one instruction; {@link #flush()} sends. */
    void write(String opcode, String... args) throws IOException {
        write(new GuacamoleInstruction(opcode, args));
    }

    void write(GuacamoleInstruction instruction) throws IOException {
        String text = instruction.toString();
        lock.lock();
        try {
            out.write(text);
            lastWrite = System.nanoTime();
        } finally {
            lock.unlock();
        }
    }

    /** Writes and flushes one instruction. */
    void send(String opcode, String... args) throws IOException {
        write(opcode, args);
        flush();
    }

    void flush() throws IOException {
        lock.lock();
        try {
            out.flush();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sends {@code nop} when nothing was written for {@code idleNanos}, as guacd does, so
     * proxies and the client see a live connection. Skips when another thread holds the
     * stream: that thread is writing anyway.
     */
    void keepAlive(long idleNanos) throws IOException {
        if (System.nanoTime() - lastWrite < idleNanos || !lock.tryLock()) {
            return;
        }
        try {
            out.write(NOP);
            out.flush();
            lastWrite = System.nanoTime();
        } finally {
            lock.unlock();
        }
    }
}
