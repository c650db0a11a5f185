package org.vdi.console.gateway;

import java.io.IOException;

/**
 * The display thread's loop: reads the VNC server's messages, lets the decoder update
 * the framebuffer and the writer tell the browser, and asks for the next update only
 * when the browser has caught up (see {@link SyncGate}).
 */
final class DisplayLoop {

    private final RfbIn in;
    private final RfbOut rfb;
    private final Framebuffer fb;
    private final UpdateDecoder decoder;
    private final DisplayWriter writer;
    private final SyncGate gate;
    private final Clipboard clipboard;
    private final GuacOutput out;
    private final boolean disableCopy;
    private final java.net.Socket socket;

    DisplayLoop(RfbIn in, RfbOut rfb, Framebuffer fb, UpdateDecoder decoder, DisplayWriter writer, SyncGate gate,
            Clipboard clipboard, GuacOutput out, boolean disableCopy, java.net.Socket socket) {
        this.socket = socket;
        this.in = in;
        this.rfb = rfb;
        this.fb = fb;
        this.decoder = decoder;
        this.writer = writer;
        this.gate = gate;
        this.clipboard = clipboard;
        this.out = out;
        this.disableCopy = disableCopy;
    }

    /** Runs until the gate closes (session ending) or a failure. */
    void run() throws IOException, GatewayException, InterruptedException {
        rfb.updateRequest(false, fb.width(), fb.height());
        long previous = 0;
        for (;;) {
            int type;
            if (writer.lossyPending()) {
                // NOTE: parts of the screen went out as JPEG; wait for the server only so long,
                // then send the parts that went quiet losslessly (the timeout can only strike
                // between messages, so the stream stays in step).
                socket.setSoTimeout((int) LossyRegions.QUIET_MS);
                try {
                    type = in.u8OrTimeout();
                } finally {
                    socket.setSoTimeout(0);
                }
                if (type < 0) {
                    if (writer.refreshQuiet()) {
                        long ts = writer.endFrame();
                        if (!gate.await(previous)) {
                            return;
                        }
                        previous = ts;
                    }
                    continue;
                }
            } else {
                type = in.u8();
            }
            switch (type) {
                case 0: {
                    int w = fb.width();
                    int h = fb.height();
                    decoder.update(in, writer);
                    long ts = writer.endFrame();
                    // One frame may be in flight while the server prepares the next.
                    if (!gate.await(previous)) {
                        return;
                    }
                    previous = ts;
                    boolean resized = w != fb.width() || h != fb.height();
                    rfb.updateRequest(!resized, fb.width(), fb.height());
                    break;
                }
                case 1: // SetColourMapEntries: not used with true colour
                    in.u8();
                    in.u16();
                    in.skip(6L * in.u16());
                    break;
                case 2: // Bell
                    break;
                case 3:
                    cutText();
                    break;
                default:
                    throw GatewayException.upstream("unknown RFB message type " + type);
            }
        }
    }

    private void cutText() throws IOException, GatewayException {
        in.skip(3);
        long length = in.u32();
        long kept = Math.min(length, Clipboard.MAX_BYTES);
        byte[] text = in.bytes(kept, Clipboard.MAX_BYTES, "cut text");
        in.skip(length - kept);
        if (!disableCopy) {
            clipboard.send(out, text);
        }
    }
}
