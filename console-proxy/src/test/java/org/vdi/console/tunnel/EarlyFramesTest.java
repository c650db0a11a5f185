package org.vdi.console.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

/** Frames that arrive while the console's thread still decides wait, in order, and are bounded. */
class EarlyFramesTest {

    private final List<String> fed = new ArrayList<>();
    private final Consumer<ByteBuffer> feed = b -> fed.add(StandardCharsets.UTF_8.decode(b).toString());

    private static ByteBuffer frame(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void framesBeforeTheDecisionWaitAndComeInOrder() {
        EarlyFrames early = new EarlyFrames(64);
        ByteBuffer reused = frame("REDQ");
        assertTrue(early.offer(reused, feed));
        reused.clear();
        reused.put("XXXX".getBytes(StandardCharsets.UTF_8)); // the container reuses its buffer
        assertTrue(early.offer(frame("link"), feed));
        assertTrue(fed.isEmpty(), "nothing is fed before the decision");
        early.decide(feed);
        assertEquals(List.of("REDQ", "link"), fed);
        assertTrue(early.offer(frame("after"), feed));
        assertEquals(List.of("REDQ", "link", "after"), fed, "after the decision frames pass at once");
        early.decide(feed);
        assertEquals(3, fed.size(), "decided once");
    }

    @Test
    void moreThanTheBoundIsRefused() {
        EarlyFrames early = new EarlyFrames(8);
        assertTrue(early.offer(frame("12345"), feed));
        assertFalse(early.offer(frame("6789"), feed));
        early.decide(feed);
        assertEquals(List.of("12345"), fed);
    }
}
