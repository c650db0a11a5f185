package org.vdi.console.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;

import org.vdi.console.config.GuacdSettings;

/**
 * Runs the guacd-compatible gateway in this process when no guacd host is configured,
 * and tells the tunnel where it listens. With a guacd host set it never starts, and
 * {@link #port()} says so.
 *
 * <p>NOTE: started at application startup; {@link #port()} also starts it if a caller
 * comes first. Both are synchronized on this bean.
 */
@ApplicationScoped
public class BuiltInGateway implements GatewayAddress {

    @Inject
    GuacdSettings guacd;

    @Inject
    GatewaySettings settings;

    private GuacdServer server;

    void onStartup(@Observes Startup event) {
        if (guacd.host().isEmpty()) {
            ensureStarted();
        }
    }

    @Override
    public String host() {
        return ensureStarted().host();
    }

    @Override
    public int port() {
        return ensureStarted().port();
    }

    private synchronized GuacdServer ensureStarted() {
        if (guacd.host().isPresent()) {
            throw new IllegalStateException("the built-in gateway does not run: vdi.guacd.host is set, use that guacd");
        }
        if (server == null) {
            GuacdServer s = new GuacdServer(settings.maxSessions(), settings.pngLevel());
            try {
                s.start(settings.port());
            } catch (IOException e) {
                s.close();
                throw new UncheckedIOException("the built-in gateway cannot listen on 127.0.0.1:" + settings.port(), e);
            }
            server = s;
        }
        return server;
    }

    @PreDestroy
    synchronized void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
