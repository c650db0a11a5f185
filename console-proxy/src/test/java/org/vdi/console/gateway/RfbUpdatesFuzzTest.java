package org.vdi.console.gateway;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;

import com.code_intelligence.jazzer.junit.FuzzTest;

import org.vdi.console.fuzz.Budget;

/**
 * The RFB side of the gateway as a malicious VNC server drives it: everything the
 * server sends after ServerInit (FramebufferUpdate with Raw, CopyRect, Hextile, ZRLE,
 * Cursor, DesktopSize, ExtendedDesktopSize, LastRect; SetColourMapEntries, Bell,
 * ServerCutText) through {@link DisplayLoop}, with the browser's {@code sync}
 * answered at once, into a real {@link DisplayWriter} and PNG encoder. Allowed: the
 * gateway's own {@link GatewayException} (a refusal, or the input's end). Memory: two
 * framebuffers of the largest size a server may ask for (the desktop's, and the
 * browser's picture that the lossless path diffs against), each allocated at most
 * twice that size in all as it grows (it grows twofold), plus working buffers; a
 * zlib bomb or a resize per update fails the budget.
 */
class RfbUpdatesFuzzTest {

    static final long BUDGET = 2L * 2L * Framebuffer.MAX_PIXELS * 4 + (64L << 20);

    @FuzzTest
    void fuzz(byte[] input) throws Exception {
        Budget.within(BUDGET, () -> run(input), GatewayException.class);
    }

    static void run(byte[] input) throws Exception {
        Framebuffer fb = new Framebuffer(64, 48);
        SyncGate gate = new SyncGate();
        GuacOutput out = new GuacOutput(new SyncAnswers(gate));
        try (PngEncoder png = new PngEncoder(1); UpdateDecoder d = new UpdateDecoder(fb, false)) {
            DisplayWriter w = new DisplayWriter(fb, out, png, gate);
            RfbIn in = new RfbIn(new ByteArrayInputStream(input));
            new DisplayLoop(in, new RfbOut(OutputStream.nullOutputStream()), fb, d, w, gate,
                    new Clipboard(java.nio.charset.StandardCharsets.ISO_8859_1), out, false, null).run();
        }
    }

    /**
     * The browser's part, in the display thread itself: each {@code sync} the gateway
     * writes is acknowledged as it is written, so the loop never waits and the run is
     * the same for the same input.
     */
    static final class SyncAnswers extends OutputStream {

        private static final byte[] SYNC = "4.sync,".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

        private final SyncGate gate;
        private int matched;
        private boolean inLength;
        private boolean inValue;
        private long value;

        SyncAnswers(SyncGate gate) {
            this.gate = gate;
        }

        @Override
        public void write(int b) {
            if (inLength) {
                if (b == '.') {
                    inLength = false;
                    inValue = true;
                    value = 0;
                } else if (b < '0' || b > '9') {
                    inLength = false;
                }
                return;
            }
            if (inValue) {
                if (b >= '0' && b <= '9') {
                    value = value * 10 + (b - '0');
                    return;
                }
                inValue = false;
                gate.ack(value);
            }
            matched = b == SYNC[matched] ? matched + 1 : b == SYNC[0] ? 1 : 0;
            if (matched == SYNC.length) {
                matched = 0;
                inLength = true;
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) {
                write(b[i]);
            }
        }
    }
}
