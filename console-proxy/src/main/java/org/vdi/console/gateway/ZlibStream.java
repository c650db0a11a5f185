package org.vdi.console.gateway;

import java.io.IOException;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The one zlib stream of a ZRLE connection. Each rectangle brings a length-prefixed
 * chunk of it; this reads that chunk in small pieces straight from the socket, so no
 * buffer is ever sized by the server, and checks that the rectangle's tiles use
 * exactly the chunk's output.
 *
 * <p>NOTE: owned by the display thread.
 */
final class ZlibStream implements AutoCloseable {

    private final Inflater inflater = new Inflater();
    private final byte[] input = new byte[8192];
    private final byte[] output = new byte[16384];
    private int outPos;
    private int outLen;
    private RfbIn source;
    private long remaining;

    /** Starts a chunk of {@code length} compressed bytes to be read from {@code source}. */
    void begin(RfbIn source, long length) {
        this.source = source;
        this.remaining = length;
        this.outPos = 0;
        this.outLen = 0;
    }

    int u8() throws IOException, GatewayException {
        if (outPos == outLen) {
            fill();
        }
        return output[outPos++] & 0xFF;
    }

    /** Ends the chunk: all of it must have been consumed and none of its output left over. */
    void end() throws IOException, GatewayException {
        if (outPos != outLen) {
            throw GatewayException.upstream("ZRLE data longer than its tiles");
        }
        byte[] scratch = new byte[64];
        for (;;) {
            int n = inflate(scratch);
            if (n > 0) {
                throw GatewayException.upstream("ZRLE data longer than its tiles");
            }
            if (inflater.needsInput()) {
                if (remaining == 0) {
                    return;
                }
                feed();
            } else if (inflater.finished() || inflater.needsDictionary()) {
                // NOTE: a stream asking for a preset dictionary inflates nothing and needs no
                // input: without this end() would ask again forever (a fuzzed input did)
                throw GatewayException.upstream("ZRLE zlib stream ended");
            }
        }
    }

    private void fill() throws IOException, GatewayException {
        for (;;) {
            if (inflater.needsInput()) {
                if (remaining == 0) {
                    throw GatewayException.upstream("truncated ZRLE data");
                }
                feed();
            }
            int n = inflate(output);
            if (n > 0) {
                outPos = 0;
                outLen = n;
                return;
            }
            if (inflater.finished() || inflater.needsDictionary()) {
                throw GatewayException.upstream("ZRLE zlib stream ended");
            }
        }
    }

    private void feed() throws IOException, GatewayException {
        int n = (int) Math.min(remaining, input.length);
        source.readFully(input, 0, n);
        remaining -= n;
        inflater.setInput(input, 0, n);
    }

    private int inflate(byte[] into) throws GatewayException {
        try {
            return inflater.inflate(into);
        } catch (DataFormatException e) {
            throw GatewayException.upstream("corrupt ZRLE zlib data: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        inflater.end();
    }
}
