package org.vdi.console.gateway;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.apache.guacamole.protocol.GuacamoleInstruction;
import org.apache.guacamole.protocol.GuacamoleStatus;

/**
 * The gateway behind a guacd-compatible TCP listener on the loopback interface, for
 * clients outside this process: the benchmarks, tests that speak the protocol over a
 * socket, and {@code vdi.gateway.listen}. The console tunnel never needs it: it opens
 * {@link InProcessSocket}s through {@link BuiltInGateway}. Plain Java.
 *
 * <p>NOTE: owns an accept thread; sessions run on the {@link SessionHost}'s threads.
 * {@link #close()} ends the accept thread, and the host too when this server made it.
 */
public final class GuacdServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(GuacdServer.class.getName());

    private final SessionHost host;
    private final boolean ownsHost;
    private ServerSocket server;

    /**
     * A server with sessions of its own.
     *
     * @param maxSessions connections served at once; more are refused with SERVER_BUSY
     * @param pngLevel    deflate level for PNG (1 is fastest; desktop content barely gains above it)
     */
    public GuacdServer(int maxSessions, int pngLevel) {
        this(new SessionHost(maxSessions, pngLevel), true);
    }

    /** A listener for a host whose cap and threads it shares with in-process sessions. */
    GuacdServer(SessionHost host) {
        this(host, false);
    }

    private GuacdServer(SessionHost host, boolean ownsHost) {
        this.host = host;
        this.ownsHost = ownsHost;
    }

    /** Binds to 127.0.0.1 ({@code port} 0: an ephemeral port) and starts accepting. */
    public synchronized void start(int port) throws IOException {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        ServerSocket s = new ServerSocket();
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        server = s;
        Thread accept = new Thread(this::acceptLoop, "vdi-gateway-accept-" + s.getLocalPort());
        accept.setDaemon(true);
        accept.start();
        LOG.log(Level.INFO, "built-in guacd-compatible VNC gateway listening on {0}:{1,number,#}",
                new Object[] {host(), port()});
    }

    public String host() {
        return InetAddress.getLoopbackAddress().getHostAddress();
    }

    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("not started");
        }
        return server.getLocalPort();
    }

    /** True while the listener is bound and accepting. */
    public synchronized boolean listening() {
        return server != null && !server.isClosed();
    }

    /** Sessions being served now (TCP and, with a shared host, in-process ones). */
    public int sessions() {
        return host.sessions();
    }

    private void acceptLoop() {
        ServerSocket s;
        synchronized (this) {
            s = server;
        }
        while (!s.isClosed()) {
            Socket client;
            try {
                client = s.accept();
            } catch (IOException e) {
                if (!s.isClosed()) {
                    LOG.log(Level.WARNING, "gateway accept failed", e);
                }
                continue;
            }
            if (!host.serve(new SocketLink(client))) {
                refuse(client);
            }
        }
    }

    private static void refuse(Socket client) {
        try (client) {
            OutputStream o = client.getOutputStream();
            o.write(new GuacamoleInstruction("error", "too many connections",
                    Integer.toString(GuacamoleStatus.SERVER_BUSY.getGuacamoleStatusCode())).toString()
                    .getBytes(StandardCharsets.UTF_8));
            o.flush();
        } catch (IOException e) {
            // refused anyway
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (server != null) {
                try {
                    server.close();
                } catch (IOException e) {
                    LOG.log(Level.FINE, "closing the gateway socket", e);
                }
            }
        }
        if (ownsHost) {
            host.close();
        }
    }
}
