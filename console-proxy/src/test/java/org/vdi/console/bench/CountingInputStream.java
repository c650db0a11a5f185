package org.vdi.console.bench;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the bytes read through it: wrapped around a socket's stream, the bytes a
 * client received on the wire (TCP payload).
 *
 * <p>NOTE: one reading thread; {@link #count()} may be called from any thread.
 */
final class CountingInputStream extends FilterInputStream {

    private final AtomicLong count = new AtomicLong();

    CountingInputStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count.incrementAndGet();
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            count.addAndGet(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long s = super.skip(n);
        if (s > 0) {
            count.addAndGet(s);
        }
        return s;
    }

    long count() {
        return count.get();
    }
}
