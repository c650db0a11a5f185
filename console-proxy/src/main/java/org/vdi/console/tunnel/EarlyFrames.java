package org.vdi.console.tunnel;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What a browser sends on a console's WebSocket before the console's own thread
 * has decided to admit it: spice-html5 sends its SPICE link as soon as the
 * socket opens, while the ticket is still being redeemed. The frames wait here
 * (copied: the container may reuse its buffer) and are fed in order once the
 * decision is taken; after that every frame is fed at once. Bounded, so a
 * client cannot make the bridge hold more than a link's worth before it is
 * admitted.
 */
final class EarlyFrames {

    private final int maxBytes;
    // NOTE: guarded by this: the container's threads offer frames, the opening thread
    // decides; feeding happens under the lock too, so frames reach the channel in
    // order and one at a time
    private final List<ByteBuffer> held = new ArrayList<>();
    private int bytes;
    private boolean decided;

    EarlyFrames(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * Feeds the frame when the decision was taken, else holds a copy.
     *
     * @return false when holding it would pass the bound (the frame is dropped)
     */
    synchronized boolean offer(ByteBuffer data, Consumer<ByteBuffer> feed) {
        if (decided) {
            feed.accept(data);
            return true;
        }
        if (bytes + data.remaining() > maxBytes) {
            return false;
        }
        ByteBuffer copy = ByteBuffer.allocate(data.remaining());
        copy.put(data.duplicate()).flip();
        held.add(copy);
        bytes += copy.remaining();
        return true;
    }

    /** The console was admitted or refused: feeds what waited (a refused console's feed drops it). */
    synchronized void decide(Consumer<ByteBuffer> feed) {
        if (decided) {
            return;
        }
        decided = true;
        held.forEach(feed);
        held.clear();
        bytes = 0;
    }
}
