package org.vdi.console.gateway;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.apache.guacamole.protocol.GuacamoleInstruction;
import org.apache.guacamole.protocol.GuacamoleStatus;

/**
 * One Guacamole connection to the gateway, from {@code select} to {@code disconnect}.
 *
 * The client is reached through a {@link ClientLink}: a TCP socket, or the tunnel in
 * this process; the session is the same either way.
 *
 * <p>NOTE: two threads: the one that runs this (handshake, then the display loop) and
 * an input thread started after {@code ready}. Whichever ends first ends the session
 * for both by closing the VNC socket and the client link; {@link #end} runs its body once.
 */
final class GatewaySession implements Runnable {

    private static final Logger LOG = Logger.getLogger(GatewaySession.class.getName());

    /** Instruction bounds: handshake, then room for a clipboard blob. */
    static final int HANDSHAKE_MAX_LENGTH = 8192;
    static final int SESSION_MAX_LENGTH = 16384;
    static final int MAX_ELEMENTS = 128;
    /** JPEG quality for busy regions when lossy images are allowed (guacd uses about the same). */
    static final float JPEG_QUALITY = 0.75f;
    /** guacd's user timeout: the browser sends {@code nop} every 5 s. */
    static final int CLIENT_TIMEOUT_MS = 15_000;
    static final long KEEP_ALIVE_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final ClientLink client;
    private final SessionHost context;
    private final AtomicBoolean ended = new AtomicBoolean();
    private final SyncGate gate = new SyncGate();
    private volatile Socket vnc;
    private volatile ScheduledFuture<?> keepAlive;
    private volatile GuacOutput out;
    private String id;

    GatewaySession(ClientLink client, SessionHost context) {
        this.client = client;
        this.context = context;
    }

    @Override
    public void run() {
        try {
            client.open();
            out = client.output();
            InstructionSource reader = client.input();
            Handshake.Request request = Handshake.perform(reader, out, context::isLive);
            VncSettings settings = VncSettings.parse(request.args());
            id = "$" + UUID.randomUUID();
            context.register(id);
            out.send("ready", id);
            reader.maxLength(SESSION_MAX_LENGTH);
            LOG.log(Level.FINE, "gateway connection {0} to VNC {1}:{2}",
                    new Object[] {id, settings.hostname(), settings.port()});
            serve(reader, settings, request.imageMimetypes());
            end(null);
        } catch (GatewayException e) {
            if (!ended.get()) {
                log(e);
            }
            end(e);
        } catch (SocketTimeoutException e) {
            end(new GatewayException(GuacamoleStatus.CLIENT_TIMEOUT, "User is not responding.", e));
        } catch (IOException e) {
            LOG.log(Level.FINE, "gateway connection {0} closed: {1}", new Object[] {id, e.getMessage()});
            end(null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            end(new GatewayException(GuacamoleStatus.SERVER_ERROR, "the gateway is shutting down"));
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "gateway connection " + id + " failed", e);
            end(new GatewayException(GuacamoleStatus.SERVER_ERROR, "internal error in the gateway"));
        } finally {
            if (id != null) {
                context.unregister(id);
            }
        }
    }

    private void serve(InstructionSource reader, VncSettings settings, List<String> imageTypes)
            throws IOException, GatewayException, InterruptedException {
        VncConnector.Connection conn = VncConnector.connect(settings);
        vnc = conn.socket();
        if (ended.get()) {
            VncConnector.close(vnc);
            return;
        }
        Clipboard clipboard = new Clipboard(settings.clipboardCharset());
        ClientInput input = new ClientInput(conn.out(), gate, settings, clipboard);
        try {
            context.executor().execute(() -> readInput(reader, input));
            keepAlive = context.scheduler().scheduleAtFixedRate(this::keepAlive, 5, 5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw new GatewayException(GuacamoleStatus.SERVER_ERROR, "the gateway is shutting down");
        }

        Framebuffer fb = new Framebuffer(conn.init().width(), conn.init().height());
        boolean lossy = !settings.forceLossless() && imageTypes.contains("image/jpeg");
        try (PngEncoder png = new PngEncoder(context.pngLevel());
                JpegEncoder jpeg = lossy ? new JpegEncoder(JPEG_QUALITY) : null;
                UpdateDecoder decoder = new UpdateDecoder(fb, settings.swapRedBlue())) {
            DisplayWriter writer = new DisplayWriter(fb, out, png, gate, jpeg);
            writer.begin(conn.init().name());
            DefaultCursor.send(writer, settings.remoteCursor());
            new DisplayLoop(conn.in(), conn.out(), fb, decoder, writer, gate, clipboard, out,
                    settings.disableCopy(), vnc).run();
        }
    }

    private void readInput(InstructionSource reader, ClientInput input) {
        GatewayException failure = null;
        try {
            for (;;) {
                GuacamoleInstruction ins = reader.read();
                if (ins == null || !input.handle(ins)) {
                    break;
                }
            }
        } catch (GatewayException e) {
            LOG.log(Level.FINE, "gateway connection {0}: bad instruction: {1}", new Object[] {id, e.getMessage()});
            failure = e;
        } catch (SocketTimeoutException e) {
            failure = new GatewayException(GuacamoleStatus.CLIENT_TIMEOUT, "User is not responding.", e);
        } catch (IOException e) {
            LOG.log(Level.FINE, "gateway connection {0}: input closed: {1}", new Object[] {id, e.getMessage()});
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "gateway connection " + id + ": input failed", e);
            failure = new GatewayException(GuacamoleStatus.SERVER_ERROR, "internal error in the gateway");
        }
        end(failure);
    }

    private void keepAlive() {
        try {
            out.keepAlive(KEEP_ALIVE_NANOS);
        } catch (IOException e) {
            end(null);
        }
    }

    /** Ends the session once: tells the client why (if it failed), then closes both sides. */
    void end(GatewayException failure) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        gate.close();
        ScheduledFuture<?> k = keepAlive;
        if (k != null) {
            k.cancel(false);
        }
        Socket v = vnc;
        if (v != null) {
            VncConnector.close(v);
        }
        if (out != null) {
            try {
                if (failure != null) {
                    out.write("error", failure.getMessage(),
                            Integer.toString(failure.getStatus().getGuacamoleStatusCode()));
                }
                out.write("disconnect");
                out.flush();
            } catch (IOException e) {
                // the client is gone already
            }
        }
        client.close();
    }

    private void log(GatewayException e) {
        int code = e.getStatus().getGuacamoleStatusCode();
        // client faults at debug, desktop (upstream) faults at warning, the gateway's own at error
        boolean clientFault = code >= 0x0300 || e.getStatus() == GuacamoleStatus.UNSUPPORTED
                || e.getStatus() == GuacamoleStatus.RESOURCE_NOT_FOUND;
        Level level = clientFault ? Level.FINE : code == 0x0200 ? Level.SEVERE : Level.WARNING;
        LOG.log(level, "gateway connection {0} ended: {1} ({2})",
                new Object[] {id == null ? "(handshake)" : id, e.getMessage(), e.getStatus()});
    }
}
