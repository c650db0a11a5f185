package org.vdi.console.tunnel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.apache.guacamole.protocol.GuacamoleStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vdi.console.api.Redemption;
import org.vdi.console.metrics.ConsoleProtocol;
import org.vdi.console.metrics.ConsoleTraffic;

/** The bridge's channel against a real TCP server on loopback standing in for QEMU's SPICE port. */
class SpiceChannelTest {

    private ServerSocket server;
    private final BlockingQueue<Socket> accepted = new ArrayBlockingQueue<>(16);
    private final AtomicInteger connects = new AtomicInteger();

    /** A browser that records what it got and how it was closed. */
    static final class RecordingBrowser implements SpiceChannel.Browser {
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        final AtomicReference<Closing> closed = new AtomicReference<>();
        final CountDownLatch closedLatch = new CountDownLatch(1);
        volatile CountDownLatch gate;

        @Override
        public void send(ByteBuffer data) throws IOException {
            CountDownLatch g = gate;
            if (g != null) {
                try {
                    g.await();
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            }
            byte[] b = new byte[data.remaining()];
            data.get(b);
            synchronized (received) {
                received.write(b, 0, b.length);
            }
        }

        @Override
        public void close(Closing why) {
            closed.compareAndSet(null, why);
            closedLatch.countDown();
        }

        byte[] bytes() {
            synchronized (received) {
                return received.toByteArray();
            }
        }
    }

    @BeforeEach
    void listen() throws IOException {
        server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            try {
                while (!server.isClosed()) {
                    accepted.add(server.accept());
                }
            } catch (IOException e) {
                // closed
            }
        });
        t.setDaemon(true);
        t.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        for (Socket s : accepted) {
            s.close();
        }
    }

    private ConsoleConnection session() {
        return new ConsoleConnection(new Redemption(UUID.randomUUID(), "spice", "127.0.0.1", server.getLocalPort(),
                "", UUID.randomUUID(), "d-1", "alice", "sid", true), ConsoleProtocol.SPICE, "SPICE", "10.0.0.1",
                "http://portal", SpiceChannel.MAX_PER_SESSION, ConsoleTraffic.NONE);
    }

    private SpiceChannel.Upstream upstream() {
        return (host, port) -> {
            connects.incrementAndGet();
            Socket s = new Socket();
            s.connect(new InetSocketAddress(host, port), 2000);
            return s;
        };
    }

    private static final Consumer<Runnable> THREAD = task -> {
        Thread t = new Thread(task);
        t.setDaemon(true);
        t.start();
    };

    @Test
    void mainChannelConnectsOnItsLinkAndPassesBytesBothWays() throws Exception {
        ConsoleConnection s = session();
        RecordingBrowser browser = new RecordingBrowser();
        SpiceChannel c = new SpiceChannel(s, browser, true);
        assertTrue(s.join(c, "10.0.0.1", "http://portal").isEmpty());
        byte[] link = SpiceLinkTest.link(2, 26, SpiceLink.MAIN);
        // in two pieces: nothing is connected before the channel type is known
        c.fromBrowser(ByteBuffer.wrap(Arrays.copyOf(link, 10)), upstream(), THREAD);
        assertEquals(0, connects.get());
        c.fromBrowser(ByteBuffer.wrap(Arrays.copyOfRange(link, 10, link.length)), upstream(), THREAD);
        Socket qemu = accepted.poll(5, TimeUnit.SECONDS);
        assertNotNull(qemu, "connected");
        assertTrue(c.main());
        InputStream in = qemu.getInputStream();
        assertArrayEquals(link, in.readNBytes(link.length), "the link passes unchanged");
        c.fromBrowser(ByteBuffer.wrap(new byte[] {1, 2, 3}), upstream(), THREAD);
        assertArrayEquals(new byte[] {1, 2, 3}, in.readNBytes(3));
        OutputStream out = qemu.getOutputStream();
        out.write(new byte[] {9, 8, 7, 6});
        out.flush();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (browser.bytes().length < 4 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertArrayEquals(new byte[] {9, 8, 7, 6}, browser.bytes());
        assertEquals(1, connects.get());

        qemu.close(); // the desktop's side ends: the browser's closes too
        assertTrue(browser.closedLatch.await(5, TimeUnit.SECONDS));
        assertFalse(browser.closed.get().error());
        LiveConsole.Ended end = s.finish(null).orElseThrow();
        assertEquals(link.length + 3, end.bytesIn());
        assertEquals(4, end.bytesOut());
    }

    @Test
    void theFirstChannelMustBeMainAndNothingIsConnectedOtherwise() {
        ConsoleConnection s = session();
        RecordingBrowser browser = new RecordingBrowser();
        SpiceChannel c = new SpiceChannel(s, browser, true);
        s.join(c, "10.0.0.1", "http://portal");
        c.fromBrowser(ByteBuffer.wrap(SpiceLinkTest.link(2, 26, 2)), upstream(), THREAD);
        assertEquals(GuacamoleStatus.CLIENT_FORBIDDEN, browser.closed.get().status());
        assertEquals(0, connects.get());
    }

    @Test
    void garbageIsRefusedBeforeAnyConnection() {
        ConsoleConnection s = session();
        RecordingBrowser browser = new RecordingBrowser();
        SpiceChannel c = new SpiceChannel(s, browser, true);
        s.join(c, "10.0.0.1", "http://portal");
        c.fromBrowser(ByteBuffer.wrap("GET / HTTP/1.1\r\n\r\n".getBytes()), upstream(), THREAD);
        assertEquals(GuacamoleStatus.CLIENT_BAD_REQUEST, browser.closed.get().status());
        assertEquals(0, connects.get());
    }

    @Test
    void aSlowBrowserSlowsTheDesktopDown() throws Exception {
        ConsoleConnection s = session();
        RecordingBrowser browser = new RecordingBrowser();
        browser.gate = new CountDownLatch(1); // the browser takes nothing yet
        SpiceChannel c = new SpiceChannel(s, browser, true);
        s.join(c, "10.0.0.1", "http://portal");
        c.fromBrowser(ByteBuffer.wrap(SpiceLinkTest.link(2, 26, SpiceLink.MAIN)), upstream(), THREAD);
        Socket qemu = accepted.poll(5, TimeUnit.SECONDS);
        assertNotNull(qemu);
        AtomicLong written = new AtomicLong();
        int total = 64 << 20;
        Thread writer = new Thread(() -> {
            byte[] chunk = new byte[64 * 1024];
            try (OutputStream out = qemu.getOutputStream()) {
                while (written.get() < total) {
                    out.write(chunk);
                    written.addAndGet(chunk.length);
                }
            } catch (IOException e) {
                // closed at the end of the test
            }
        });
        writer.setDaemon(true);
        writer.start();
        Thread.sleep(1500);
        // what the desktop got rid of is only what the kernel's socket buffers and one read hold
        assertTrue(written.get() < 16 << 20, "the bridge read " + written.get() + " bytes ahead of the browser");
        browser.gate.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (written.get() < total && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(total, written.get(), "everything flows once the browser takes it");
        c.close(Closing.normal("done"));
    }

    @Test
    void closingTheSessionClosesEveryChannelAndItsConnection() throws Exception {
        ConsoleConnection s = session();
        RecordingBrowser mainBrowser = new RecordingBrowser();
        RecordingBrowser displayBrowser = new RecordingBrowser();
        SpiceChannel main = new SpiceChannel(s, mainBrowser, true);
        SpiceChannel display = new SpiceChannel(s, displayBrowser, false);
        s.join(main, "10.0.0.1", "http://portal");
        s.join(display, "10.0.0.1", "http://portal");
        main.fromBrowser(ByteBuffer.wrap(SpiceLinkTest.link(2, 26, SpiceLink.MAIN)), upstream(), THREAD);
        display.fromBrowser(ByteBuffer.wrap(SpiceLinkTest.link(2, 26, 2)), upstream(), THREAD);
        Socket q1 = accepted.poll(5, TimeUnit.SECONDS);
        Socket q2 = accepted.poll(5, TimeUnit.SECONDS);
        assertNotNull(q2);
        s.close(Closing.of(GuacamoleStatus.SESSION_CLOSED, "terminated by admin"));
        assertEquals("terminated by admin", mainBrowser.closed.get().message());
        assertEquals("terminated by admin", displayBrowser.closed.get().message());
        q1.setSoTimeout(5000);
        q2.setSoTimeout(5000);
        q1.getInputStream().readNBytes(34);
        q2.getInputStream().readNBytes(34);
        assertEquals(-1, q1.getInputStream().read(), "the desktop's side is closed too");
        assertEquals(-1, q2.getInputStream().read());
    }
}
