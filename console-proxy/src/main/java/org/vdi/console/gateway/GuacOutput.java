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

    /** Where whole instructions go: a TCP stream, or the tunnel in this process. */
    interface Sink {
        /** Buffers one whole instruction; {@code text} is its protocol form. */
        void write(GuacamoleInstruction instruction, String text) throws IOException;

        /** Hands what is buffered to the client, waiting while the client is behind. */
        void flush() throws IOException;

        /** True when a flush would wait for the client now. */
        boolean congested();
    }

    private static final GuacamoleInstruction NOP = new GuacamoleInstruction("nop");
    private static final String NOP_TEXT = NOP.toString();

    private final Sink out;
    // NOTE: a lock rather than synchronized, so the keep-alive can give up instead of
    // queueing behind a display thread that is blocked on a slow client.
    private final ReentrantLock lock = new ReentrantLock();
    private volatile long lastWrite = System.nanoTime();

    GuacOutput(OutputStream out) {
        this(new StreamSink(out));
    }

    GuacOutput(Sink out) {
        this.out = out;
    }

    /** Buffers one instruction; {@link #flush()} sends. */
    void write(String opcode, String... args) throws IOException {
        write(new GuacamoleInstruction(opcode, args));
    }

    void write(GuacamoleInstruction instruction) throws IOException {
        String text = instruction.toString();
        lock.lock();
        try {
            out.write(instruction, text);
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
     * stream (that thread is writing anyway) or the client is behind (the keep-alive
     * thread serves every session and must not wait for one).
     */
    void keepAlive(long idleNanos) throws IOException {
        if (System.nanoTime() - lastWrite < idleNanos || !lock.tryLock()) {
            return;
        }
        try {
            // NOTE: checked with the lock held: only the reader changes it then, and only downwards
            if (out.congested()) {
                return;
            }
            out.write(NOP, NOP_TEXT);
            out.flush();
            lastWrite = System.nanoTime();
        } finally {
            lock.unlock();
        }
    }

    /** A byte stream, UTF-8, buffered up to 64 KiB between flushes. */
    private static final class StreamSink implements Sink {

        private final Writer out;

        StreamSink(OutputStream out) {
            this.out = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        }

        @Override
        public void write(GuacamoleInstruction instruction, String text) throws IOException {
            out.write(text);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public boolean congested() {
            return false;
        }
    }
}
