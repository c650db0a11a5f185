package org.vdi.console.gateway;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.apache.guacamole.protocol.GuacamoleInstruction;
import org.apache.guacamole.protocol.GuacamoleStatus;

/**
 * A guacd-compatible server for VNC on the loopback interface, so the tunnel code is
 * the same whether a real guacd or this gateway serves. Plain Java: the Jakarta bean
 * {@link BuiltInGateway} starts and stops it, and tests use it directly.
 *
 * <p>NOTE: owns its threads: an accept thread, two per session (display and input),
 * and one scheduler thread for keep-alives; {@link #close()} ends them all.
 */
public final class GuacdServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(GuacdServer.class.getName());

    /** What sessions need from the server, without reaching into it. */
    interface Context {
        ExecutorService executor();

        ScheduledExecutorService scheduler();

        int pngLevel();

        boolean isLive(String connectionId);

        void register(String connectionId);

        void unregister(String connectionId);
    }

    private final int maxSessions;
    private final int pngLevel;
    private final Semaphore slots;
    private final Set<String> live = ConcurrentHashMap.newKeySet();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService executor = Executors.newCachedThreadPool(threads("vdi-gateway-"));
    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(threads("vdi-gateway-keepalive-"));
    private ServerSocket server;

    /**
     * @param maxSessions connections served at once; more are refused with SERVER_BUSY
     * @param pngLevel    deflate level for PNG (1 is fastest; desktop content barely gains above it)
     */
    public GuacdServer(int maxSessions, int pngLevel) {
        this.maxSessions = maxSessions;
        this.pngLevel = pngLevel;
        this.slots = new Semaphore(maxSessions);
    }

    /** Binds to 127.0.0.1 ({@code port} 0: an ephemeral port) and starts accepting. */
    public synchronized void start(int port) throws IOException {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        ServerSocket s = new ServerSocket();
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        server = s;
        executor.execute(this::acceptLoop);
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

    /** Sessions being served now. */
    public int sessions() {
        return maxSessions - slots.availablePermits();
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
            if (!slots.tryAcquire()) {
                refuse(client);
                continue;
            }
            open.add(client);
            try {
                executor.execute(() -> {
                    try {
                        new GatewaySession(client, context).run();
                    } finally {
                        open.remove(client);
                        slots.release();
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                open.remove(client);
                slots.release();
                VncConnector.close(client);
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
        for (Socket s : open) {
            VncConnector.close(s);
        }
        scheduler.shutdownNow();
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private final Context context = new Context() {
        @Override
        public ExecutorService executor() {
            return executor;
        }

        @Override
        public ScheduledExecutorService scheduler() {
            return scheduler;
        }

        @Override
        public int pngLevel() {
            return pngLevel;
        }

        @Override
        public boolean isLive(String connectionId) {
            return live.contains(connectionId);
        }

        @Override
        public void register(String connectionId) {
            live.add(connectionId);
        }

        @Override
        public void unregister(String connectionId) {
            live.remove(connectionId);
        }
    };

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
