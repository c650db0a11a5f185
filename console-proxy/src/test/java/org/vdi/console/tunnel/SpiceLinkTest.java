package org.vdi.console.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

class SpiceLinkTest {

    /** The start of a link as spice-html5 sends it: header, then connection id, type, id, caps counts. */
    static byte[] link(int major, int size, int type) {
        return ByteBuffer.allocate(34).order(ByteOrder.LITTLE_ENDIAN)
                .put("REDQ".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .putInt(major).putInt(2).putInt(size)
                .putInt(0).put((byte) type).put((byte) 0)
                .putInt(1).putInt(1).putInt(18)
                .array();
    }

    @Test
    void readsTheChannelTypeOfALink() {
        assertEquals(SpiceLink.MAIN, SpiceLink.channelType(link(2, 26, 1), 34).getAsInt());
        assertEquals(SpiceLink.INPUTS, SpiceLink.channelType(link(2, 26, 3), 34).getAsInt());
    }

    @Test
    void waitsForEnoughBytes() {
        byte[] l = link(2, 26, 2);
        assertTrue(SpiceLink.channelType(Arrays.copyOf(l, 21), 21).isEmpty());
        assertEquals(2, SpiceLink.channelType(Arrays.copyOf(l, 22), 22).getAsInt());
    }

    @Test
    void refusesWhatIsNotASpiceLink() {
        byte[] http = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThrows(IllegalArgumentException.class, () -> SpiceLink.channelType(http, http.length));
        assertThrows(IllegalArgumentException.class, () -> SpiceLink.channelType(http, 4), "early, on 4 bytes");
        assertThrows(IllegalArgumentException.class, () -> SpiceLink.channelType(link(1, 26, 1), 34));
        assertThrows(IllegalArgumentException.class, () -> SpiceLink.channelType(link(2, 1 << 20, 1), 34));
        assertThrows(IllegalArgumentException.class, () -> SpiceLink.channelType(link(2, 26, 0), 34));
        assertThrows(IllegalArgumentException.class, () -> SpiceLink.channelType(link(2, 26, 99), 34));
    }
}
