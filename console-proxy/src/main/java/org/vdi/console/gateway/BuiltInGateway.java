package org.vdi.console.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;

import org.apache.guacamole.net.GuacamoleSocket;
import org.apache.guacamole.protocol.GuacamoleStatus;
import org.vdi.console.config.GuacdSettings;

/**
 * The guacd-compatible gateway in this process, serving consoles when no guacd host is
 * configured. The tunnel opens sessions with {@link #open()}, in process: no socket,
 * and each browser instruction parsed once. A loopback TCP listener runs only when
 * {@code vdi.gateway.listen} asks for one (for outside guacd clients); it shares the
 * session cap and threads, and {@link #tcpListenerBound()} tells whether it is bound.
 *
 * <p>NOTE: the session host (threads) and the listener are made at application
 * startup, or by the first {@link #open()}; both synchronized on this bean.
 */
@ApplicationScoped
public class BuiltInGateway {

    @Inject
    GuacdSettings guacd;

    @Inject
    GatewaySettings settings;

    private SessionHost host;
    private GuacdServer listener;

    void onStartup(@Observes Startup event) {
        if (guacd.host().isEmpty()) {
            ensureStarted();
        }
    }

    /**
     * A new session of the gateway, before its handshake: run guacamole-common's
     * {@code ConfiguredGuacamoleSocket} over it as over a socket to guacd.
     *
     * @throws GatewayException SERVER_BUSY when {@code vdi.gateway.max-sessions} are open, as guacd refuses
     * @throws IllegalStateException when a guacd host is configured, so the gateway does not run
     */
    public GuacamoleSocket open() throws GatewayException {
        SessionHost h = ensureStarted();
        InProcessLink link = new InProcessLink();
        if (!h.serve(link)) {
            throw new GatewayException(GuacamoleStatus.SERVER_BUSY, "too many connections");
        }
        return new InProcessSocket(link);
    }

    /** Sessions being served now, in process or over the listener. */
    public synchronized int sessions() {
        return host == null ? 0 : host.sessions();
    }

    /**
     * Whether the loopback TCP listener is bound. False unless {@code vdi.gateway.listen}
     * is set: consoles never need it, which an integration test can assert with this.
     */
    public synchronized boolean tcpListenerBound() {
        return listener != null && listener.listening();
    }

    private synchronized SessionHost ensureStarted() {
        if (guacd.host().isPresent()) {
            throw new IllegalStateException("the built-in gateway does not run: vdi.guacd.host is set, use that guacd");
        }
        if (host == null) {
            host = new SessionHost(settings.maxSessions(), settings.pngLevel());
            if (settings.listen()) {
                GuacdServer s = new GuacdServer(host);
                try {
                    s.start(settings.port());
                } catch (IOException e) {
                    s.close();
                    host.close();
                    host = null;
                    throw new UncheckedIOException("the built-in gateway cannot listen on 127.0.0.1:"
                            + settings.port(), e);
                }
                listener = s;
            }
        }
        return host;
    }

    @PreDestroy
    synchronized void stop() {
        if (listener != null) {
            listener.close();
            listener = null;
        }
        if (host != null) {
            host.close();
            host = null;
        }
    }
}
