package org.vdi.console.gateway;

import java.io.IOException;
import java.io.InputStream;

import org.apache.guacamole.protocol.GuacamoleStatus;

/**
 * Big-endian reads from the VNC server. The end of the stream is reported as a
 * {@link GatewayException} (the desktop went away), and variable lengths are checked
 * against a cap before anything is allocated for them.
 */
final class RfbIn {

    private final InputStream in;

    RfbIn(InputStream in) {
        this.in = in;
    }

    int u8() throws IOException, GatewayException {
        int b;
        try {
            b = in.read();
        } catch (IOException e) {
            throw failed(e);
        }
        if (b < 0) {
            throw closed();
        }
        return b;
    }

    /**
     * The next byte, or -1 when none arrived within the socket's read timeout; nothing
     * is consumed then. Only for the first byte of a message, where a timeout leaves the
     * stream in a clean state.
     */
    int u8OrTimeout() throws IOException, GatewayException {
        int b;
        try {
            b = in.read();
        } catch (java.net.SocketTimeoutException e) {
            return -1;
        } catch (IOException e) {
            throw failed(e);
        }
        if (b < 0) {
            throw closed();
        }
        return b;
    }

    int u16() throws IOException, GatewayException {
        return (u8() << 8) | u8();
    }

    int s32() throws IOException, GatewayException {
        return (u16() << 16) | u16();
    }

    long u32() throws IOException, GatewayException {
        return s32() & 0xFFFFFFFFL;
    }

    void readFully(byte[] b, int off, int len) throws IOException, GatewayException {
        while (len > 0) {
            int n;
            try {
                n = in.read(b, off, len);
            } catch (IOException e) {
                throw failed(e);
            }
            if (n < 0) {
                throw closed();
            }
            off += n;
            len -= n;
        }
    }

    /** Reads {@code length} bytes, refusing lengths above {@code max} before allocating. */
    byte[] bytes(long length, int max, String what) throws IOException, GatewayException {
        if (length < 0 || length > max) {
            throw GatewayException.upstream(what + " too long: " + length + " bytes");
        }
        byte[] b = new byte[(int) length];
        readFully(b, 0, b.length);
        return b;
    }

    void skip(long n) throws IOException, GatewayException {
        byte[] scratch = new byte[(int) Math.min(n, 8192)];
        while (n > 0) {
            int chunk = (int) Math.min(n, scratch.length);
            readFully(scratch, 0, chunk);
            n -= chunk;
        }
    }

    private static GatewayException failed(IOException e) {
        GuacamoleStatus status = e instanceof java.net.SocketTimeoutException
                ? GuacamoleStatus.UPSTREAM_TIMEOUT : GuacamoleStatus.UPSTREAM_ERROR;
        return new GatewayException(status, "reading from the VNC server failed: " + e.getMessage(), e);
    }

    private static GatewayException closed() {
        return new GatewayException(GuacamoleStatus.UPSTREAM_UNAVAILABLE, "the VNC server closed the connection");
    }
}
