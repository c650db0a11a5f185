package org.vdi.console.tunnel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.vdi.console.api.Refusal;

/**
 * One SPICE channel through the bridge: one browser WebSocket (binary) and
 * one TCP connection to the desktop's SPICE port. The TCP connection is made
 * only when the browser's first bytes show a valid SPICE link for a channel
 * the session admits (the ticket was checked before, when the WebSocket
 * opened). Then bytes flow unchanged both ways; either side ending closes the
 * other.
 *
 * <p>Backpressure: the desktop-to-browser thread reads at most
 * {@value #READ_BUFFER} bytes and blocks in the WebSocket send until the
 * browser took them, so it never reads TCP faster than the browser receives.
 * The browser-to-desktop direction writes each message (bounded by the
 * endpoint's maximum message size) before the container delivers the next.
 */
final class SpiceChannel implements ConsoleConnection.Part {

    private static final Logger LOG = Logger.getLogger(SpiceChannel.class.getName());
    static final int READ_BUFFER = 64 * 1024;
    /** Channels one SPICE session may open in its life: main, display, inputs, cursor, playback, record and
     *  two more (port, usbredir...). */
    static final int MAX_PER_SESSION = 8;

    /** The browser's side: binary frames out, and the close. */
    interface Browser {
        void send(ByteBuffer data) throws IOException;

        void close(Closing why);
    }

    /** Opens the TCP connection to a desktop's SPICE port. */
    interface Upstream {
        int CONNECT_TIMEOUT_MILLIS = 10_000;

        /** TCP with no delay, giving up after {@value #CONNECT_TIMEOUT_MILLIS} ms. */
        Upstream TCP = (host, port) -> {
            Socket socket = new Socket();
            try {
                socket.setTcpNoDelay(true);
                socket.connect(new java.net.InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
                return socket;
            } catch (IOException e) {
                socket.close();
                throw e;
            }
        };
        Socket connect(String host, int port) throws IOException;
    }

    private final ConsoleConnection owner;
    private final Browser browser;
    private final boolean first;
    private final AtomicBoolean closed = new AtomicBoolean();
    // NOTE: prefix and toServer are touched by one thread at a time: the endpoint feeds
    // fromBrowser under its own lock, from the opening thread or the container's; socket
    // is also read by close()
    private final ByteArrayOutputStream prefix = new ByteArrayOutputStream();
    private OutputStream toServer;
    private volatile Socket socket;
    private volatile int type;

    SpiceChannel(ConsoleConnection owner, Browser browser, boolean first) {
        this.owner = owner;
        this.browser = browser;
        this.first = first;
    }

    boolean first() {
        return first;
    }

    /** True for the session's main channel, once its link was seen. */
    boolean main() {
        return type == SpiceLink.MAIN;
    }

    /**
     * Bytes from the browser. The first ones must be a SPICE link; then the
     * desktop is connected and the reader started with {@code starter}.
     */
    void fromBrowser(ByteBuffer data, Upstream upstream, Consumer<Runnable> starter) {
        if (closed.get()) {
            return;
        }
        int n = data.remaining();
        owner.countIn(n);
        try {
            if (toServer == null) {
                link(data, upstream, starter);
            } else {
                write(data);
            }
        } catch (IOException e) {
            close(Closing.of(Refusal.UPSTREAM_FAILED, "the desktop's SPICE connection failed",
                    "SPICE channel write failed: " + e.getMessage()));
            return;
        }
        if (type == SpiceLink.INPUTS) {
            owner.input();
        }
    }

    private void link(ByteBuffer data, Upstream upstream, Consumer<Runnable> starter) throws IOException {
        if (prefix.size() + data.remaining() > SpiceLink.MAX_LINK_SIZE) {
            close(Closing.of(Refusal.NOT_SPICE, null));
            return;
        }
        byte[] chunk = new byte[data.remaining()];
        data.get(chunk);
        prefix.write(chunk);
        OptionalInt t;
        try {
            t = SpiceLink.channelType(prefix.toByteArray(), prefix.size());
        } catch (IllegalArgumentException e) {
            close(Closing.of(Refusal.NOT_SPICE, null, e.getMessage()));
            return;
        }
        if (t.isEmpty()) {
            return;
        }
        if (!admits(first, t.getAsInt())) {
            close(Closing.of(Refusal.CHANNEL_REFUSED, first
                    ? "a SPICE session starts with its main channel"
                    : "this SPICE session already has its main channel"));
            return;
        }
        type = t.getAsInt();
        Socket s = upstream.connect(owner.redemption().host(), owner.redemption().port());
        socket = s;
        if (closed.get()) {
            closeSocket(); // closed while connecting
            return;
        }
        toServer = s.getOutputStream();
        toServer.write(prefix.toByteArray());
        toServer.flush();
        starter.accept(this::toBrowser);
        LOG.log(Level.FINE, "SPICE session {0}: channel type {1} connected to {2}:{3}", new Object[] {
                owner.sessionId(), type, owner.redemption().host(), Integer.toString(owner.redemption().port())});
    }

    private void write(ByteBuffer data) throws IOException {
        if (data.hasArray()) {
            toServer.write(data.array(), data.arrayOffset() + data.position(), data.remaining());
        } else {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            toServer.write(b);
        }
        toServer.flush();
    }

    /** The desktop-to-browser direction, on its own thread, until either side ends. */
    void toBrowser() {
        byte[] buf = new byte[READ_BUFFER];
        try (InputStream in = socket.getInputStream()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (n > 0) {
                    // NOTE: blocks until the frame is sent, so buf may be reused afterwards
                    browser.send(ByteBuffer.wrap(buf, 0, n));
                    owner.countOut(n);
                }
            }
            close(Closing.normal("the desktop closed the SPICE channel"));
        } catch (IOException e) {
            if (!closed.get()) {
                LOG.log(Level.FINE, "SPICE channel of session " + owner.sessionId() + " failed", e);
                close(Closing.normal("the SPICE channel ended: " + e.getMessage()));
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "SPICE channel of session " + owner.sessionId() + " failed", e);
            close(Closing.of(Refusal.CONSOLE_FAILED, "the SPICE connection failed", e.toString()));
        }
    }

    /** The first channel of a session is its main channel, and only the first. */
    static boolean admits(boolean first, int channelType) {
        return first == (channelType == SpiceLink.MAIN);
    }

    /** Closes both sides once: the browser's WebSocket (with why) and the TCP connection. */
    @Override
    public void close(Closing why) {
        if (closed.compareAndSet(false, true)) {
            LOG.log(why.error() ? Level.INFO : Level.FINE, "SPICE channel of session {0} (type {1}) closing: {2}",
                    new Object[] {owner.sessionId(), type, why.reason()});
            browser.close(why);
            closeSocket();
        }
    }

    boolean closed() {
        return closed.get();
    }

    private void closeSocket() {
        Socket s = socket;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                LOG.log(Level.FINE, "Closing a SPICE channel's socket failed", e);
            }
        }
    }
}
