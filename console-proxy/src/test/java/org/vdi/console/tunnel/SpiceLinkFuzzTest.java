package org.vdi.console.tunnel;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The SPICE bridge's reading of a channel's first bytes: any bytes give a channel
 * type in SPICE's range, "not yet" (fewer than 22 bytes), or an
 * {@link IllegalArgumentException}; and growing the input never turns a refusal into
 * an answer for the same prefix.
 */
class SpiceLinkFuzzTest {

    @FuzzTest
    void fuzz(byte[] input) {
        java.util.OptionalInt type;
        try {
            type = SpiceLink.channelType(input, input.length);
        } catch (IllegalArgumentException e) {
            return;
        }
        if (type.isPresent() && (type.getAsInt() < 1 || type.getAsInt() > SpiceLink.MAX_TYPE)) {
            throw new AssertionError("channel type " + type.getAsInt() + " outside SPICE's range");
        }
        if (type.isEmpty() && input.length >= SpiceLink.PEEK_BYTES) {
            throw new AssertionError("no answer for " + input.length + " bytes");
        }
    }
}
