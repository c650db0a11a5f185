package org.vdi.console.gateway;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Random and mutated input for both decoders (Guacamole instructions from the browser,
 * RFB from the VNC server) for a bounded number of iterations: the only failure allowed
 * is the gateway's own {@link GatewayException}, allocation per input stays under a
 * cap, and each input is done within a bounded time.
 */
class FuzzTest {

    static final int ITERATIONS = 20000;
    static final long MAX_NANOS_PER_INPUT = TimeUnit.SECONDS.toNanos(2);
    /** Instructions: a few times the input plus fixed overhead. */
    static final long INSTRUCTION_ALLOCATION_CAP = 4L << 20;
    /** RFB: the largest framebuffer a server may ask for, plus working buffers. */
    static final long RFB_ALLOCATION_CAP = Framebuffer.MAX_PIXELS * 4L + (16L << 20);

    interface Target {
        void run(byte[] input) throws Exception;
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void instructionReader() throws Exception {
        List<byte[]> seeds = List.of(
                ascii("6.select,3.vnc;"),
                ascii("4.size,4.1024,3.768,2.96;5.audio,9.audio/L16;5.video;5.image,9.image/png,10.image/jpeg;"),
                ascii("8.timezone,13.Europe/Berlin;7.connect,13.VERSION_1_5_0,9.127.0.0.1,4.5900,0.,0.;"),
                ascii("3.key,5.65307,1.1;5.mouse,2.10,2.20,1.1;4.sync,13.1700000000000;3.nop;"),
                "4.blob,1.3,8.w6l0w6k=;9.clipboard,1.3,10.text/plain;3.end,1.3;4.name,2.\u00e9\ud83d\ude00;"
                        .getBytes(StandardCharsets.UTF_8));
        fuzz(seeds, INSTRUCTION_ALLOCATION_CAP, input -> {
            InstructionReader r = new InstructionReader(new BufferedReader(
                    new InputStreamReader(new ByteArrayInputStream(input), StandardCharsets.UTF_8)), 8192, 64);
            while (r.read() != null) {
                // parse everything
            }
        });
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void rfbUpdates() throws Exception {
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(new RfbStream().update(2).rect(1, 1, 2, 2, 0).pixel(0xFF0000).pixel(1).pixel(2).pixel(3)
                .rect(4, 4, 3, 3, 1).u16(0).u16(0).toByteArray());
        seeds.add(new RfbStream().update(1).rect(0, 0, 66, 3, 16)
                .zrle(new RfbStream.Tiles().u8(1).u8(1, 2, 3).u8(128).u8(1, 2, 3, 0).bytes()).toByteArray());
        seeds.add(new RfbStream().update(2).rect(0, 0, 5, 2, 16)
                .zrle(new RfbStream.Tiles().u8(3).u8(1, 2, 3, 4, 5, 6, 7, 8, 9).u8(0x12, 0x34, 0x56, 0x78).bytes())
                .rect(0, 2, 4, 1, 16)
                .zrle(new RfbStream.Tiles().u8(131).u8(1, 2, 3, 4, 5, 6, 7, 8, 9).u8(0x81, 1, 2).bytes())
                .toByteArray());
        seeds.add(new RfbStream().update(1).rect(0, 0, 20, 20, 5).u8(2 | 4 | 8 | 16).pixel(1).pixel(2).u8(2)
                .pixel(3).u8(0x11, 0x22).pixel(4).u8(0x00, 0xFF).u8(1).pixel(5).toByteArray());
        seeds.add(new RfbStream().update(3).rect(2, 3, 4, 2, -239).u8(new int[32]).u8(0xF0, 0x90)
                .rect(0, 0, 70, 50, -223).rect(0, 0, 64, 48, -308).u8(1, 0, 0, 0).u8(new int[16]).toByteArray());
        fuzz(seeds, RFB_ALLOCATION_CAP, input -> {
            Framebuffer fb = new Framebuffer(64, 48);
            try (PngEncoder png = new PngEncoder(1); UpdateDecoder d = new UpdateDecoder(fb, false)) {
                DisplayWriter w = new DisplayWriter(fb, new GuacOutput(OutputStream.nullOutputStream()), png,
                        new SyncGate());
                RfbIn in = new RfbIn(new ByteArrayInputStream(input));
                for (;;) {
                    d.update(in, w); // ends with the input: GatewayException (closed)
                    w.endFrame();
                }
            }
        });
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void rfbOpening() throws Exception {
        ByteArrayOutputStream v38 = new ByteArrayOutputStream();
        v38.writeBytes(ascii("RFB 003.008\n"));
        v38.writeBytes(new byte[] {2, 1, 2});
        v38.writeBytes(FakeVncServer.CHALLENGE);
        v38.writeBytes(new byte[] {0, 0, 0, 0, 0, 64, 0, 48, 32, 24, 0, 1, 0, -1, 0, -1, 0, -1, 16, 8, 0, 0, 0, 0});
        v38.writeBytes(new byte[] {0, 0, 0, 4, 'n', 'a', 'm', 'e'});
        ByteArrayOutputStream v33 = new ByteArrayOutputStream();
        v33.writeBytes(ascii("RFB 003.003\n"));
        v33.writeBytes(new byte[] {0, 0, 0, 1, 0, 16, 0, 16, 32, 24, 0, 1, 0, -1, 0, -1, 0, -1, 16, 8, 0, 0, 0, 0});
        v33.writeBytes(new byte[] {0, 0, 0, 0});
        // cap: reasons and names are capped at 4 KiB; the rest is JCE's DES set-up
        fuzz(List.of(v38.toByteArray(), v33.toByteArray()), 4L << 20, input -> RfbConnector.open(
                new RfbIn(new ByteArrayInputStream(input)), OutputStream.nullOutputStream(), "password"));
    }

    /** Seeds as they are, then mutations of them, then random bytes. */
    static void fuzz(List<byte[]> seeds, long allocationCap, Target target) throws Exception {
        Random random = new Random(20240611L);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        int errors = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] input = i < seeds.size() ? seeds.get(i)
                    : i % 10 == 9 ? randomBytes(random) : mutate(seeds.get(random.nextInt(seeds.size())), random);
            long allocated = threads.getThreadAllocatedBytes(thread);
            long start = System.nanoTime();
            try {
                target.run(input);
            } catch (GatewayException e) {
                errors++;
            } catch (Exception | Error e) {
                fail("input #" + i + " " + java.util.HexFormat.of().formatHex(input) + " threw " + e, e);
            }
            long nanos = System.nanoTime() - start;
            long bytes = threads.getThreadAllocatedBytes(thread) - allocated;
            assertTrue(nanos < MAX_NANOS_PER_INPUT, "input #" + i + " took " + nanos / 1_000_000 + " ms");
            assertTrue(bytes < allocationCap, "input #" + i + " allocated " + bytes + " bytes");
        }
        assertTrue(errors > 0, "the fuzzer never hit an error path");
    }

    static byte[] mutate(byte[] seed, Random r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(seed);
        byte[] b = out.toByteArray();
        int edits = 1 + r.nextInt(4);
        for (int e = 0; e < edits && b.length > 0; e++) {
            int at = r.nextInt(b.length);
            switch (r.nextInt(6)) {
                case 0 -> b[at] = (byte) r.nextInt(256);
                case 1 -> b[at] ^= (byte) (1 << r.nextInt(8));
                case 2 -> b = java.util.Arrays.copyOf(b, at); // truncate
                case 3 -> b[at] = (byte) (r.nextBoolean() ? 0xFF : 0);
                case 4 -> { // duplicate a slice
                    int len = Math.min(b.length - at, 1 + r.nextInt(16));
                    byte[] n = new byte[b.length + len];
                    System.arraycopy(b, 0, n, 0, at + len);
                    System.arraycopy(b, at, n, at + len, b.length - at);
                    b = n;
                }
                default -> b[at] = (byte) ('0' + r.nextInt(10)); // digits stress length prefixes
            }
        }
        return b;
    }

    static byte[] randomBytes(Random r) {
        byte[] b = new byte[r.nextInt(512)];
        r.nextBytes(b);
        return b;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static {
        // keep the gateway's logging out of the fuzz output
        java.util.logging.Logger.getLogger("org.vdi.console.gateway").setLevel(java.util.logging.Level.OFF);
    }
}
