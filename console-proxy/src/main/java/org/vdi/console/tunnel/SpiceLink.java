package org.vdi.console.tunnel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.OptionalInt;

/**
 * What the bridge reads of the SPICE protocol: only the first bytes a client
 * sends on a channel, the link header ("REDQ", version, size) and the start of
 * the link message (connection id, channel type, channel id), to learn which
 * channel it opens. Everything after is passed on untouched; SPICE's own
 * authentication (the RSA-encrypted password) happens between spice-html5 and
 * QEMU.
 */
final class SpiceLink {

    /** "REDQ" as the little-endian 32-bit number that starts every SPICE link. */
    static final int MAGIC = 0x51444552;
    static final int MAJOR_VERSION = 2;
    /** Header (16 bytes) + connection id (4) + channel type (1) + channel id (1). */
    static final int PEEK_BYTES = 22;
    /** The link message of any real client is far shorter. */
    static final int MAX_LINK_SIZE = 4096;

    static final int MAIN = 1;
    static final int INPUTS = 3;
    /** The highest channel type SPICE defines (webdav). */
    static final int MAX_TYPE = 11;

    private SpiceLink() {
    }

    /**
     * The channel type of a link that starts with these bytes; empty while
     * fewer than {@link #PEEK_BYTES} have arrived.
     *
     * @throws IllegalArgumentException when the bytes are not the start of a SPICE link
     */
    static OptionalInt channelType(byte[] start, int length) {
        if (length < PEEK_BYTES) {
            if (length >= 4 && ByteBuffer.wrap(start, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() != MAGIC) {
                throw new IllegalArgumentException("not a SPICE link (no REDQ)");
            }
            return OptionalInt.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(start, 0, length).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt() != MAGIC) {
            throw new IllegalArgumentException("not a SPICE link (no REDQ)");
        }
        int major = b.getInt();
        b.getInt(); // minor
        long size = Integer.toUnsignedLong(b.getInt());
        if (major != MAJOR_VERSION) {
            throw new IllegalArgumentException("SPICE protocol " + major + " is not supported");
        }
        if (size < PEEK_BYTES - 16 || size > MAX_LINK_SIZE) {
            throw new IllegalArgumentException("a SPICE link message of " + size + " bytes");
        }
        b.getInt(); // connection id
        int type = b.get() & 0xff;
        if (type < MAIN || type > MAX_TYPE) {
            throw new IllegalArgumentException("unknown SPICE channel type " + type);
        }
        return OptionalInt.of(type);
    }
}
