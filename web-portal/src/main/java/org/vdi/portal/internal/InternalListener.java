package org.vdi.portal.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.vdi.console.api.InternalApi;

import com.sun.net.httpserver.HttpServer;

/**
 * The broker's internal listener, for console-proxy nodes of their own:
 * {@code vdi.internal.listen} (VDI_INTERNAL_LISTEN, {@code host:port}) binds
 * a listener of its own, apart from the portal's public one, that serves the
 * console contract under {@value InternalApi#BASE} and nothing else; every call
 * is signed with the shared proxy key ({@link ProxyKey}). Unset (the default),
 * there is no listener at all: the console-proxy inside this application calls
 * the broker in-process ({@link LocalConsoleBroker}).
 *
 * <p>Why its own listener and not a path of the public one: the public
 * listener faces browsers and the internet, and the contract hands out display
 * passwords; bound to a private address, the internal one is not even
 * reachable from there, and the signature guards it where it is.
 */
@ApplicationScoped
public class InternalListener {

    private static final Logger LOG = Logger.getLogger(InternalListener.class.getName());
    private static final Pattern HOST_PORT = Pattern.compile("^(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+):(\\d{1,5})$");

    @Inject
    @ConfigProperty(name = InternalApi.LISTEN_PROPERTY)
    Optional<String> listen;

    @Inject
    InternalCalls calls;

    @Inject
    ProxyKey key;

    @Resource
    ManagedExecutorService executor;

    private HttpServer server;

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        Optional<String> at = listen.map(String::strip).filter(s -> !s.isEmpty());
        if (at.isEmpty()) {
            return;
        }
        InetSocketAddress address = address(at.get());
        if (!key.configured()) {
            LOG.log(Level.SEVERE, "The internal listener on {0} refuses every call: {1}",
                    new Object[] {at.get(), ProxyKey.NOT_CONFIGURED});
        }
        try {
            server = HttpServer.create(address, 64);
        } catch (IOException e) {
            throw new IllegalStateException("the internal listener cannot bind " + at.get() + " ("
                    + InternalApi.LISTEN_VARIABLE + "): " + e.getMessage(), e);
        }
        server.createContext("/", calls);
        server.setExecutor(executor);
        server.start();
        LOG.log(Level.INFO, "Internal console API listening on {0}", at.get());
    }

    @PreDestroy
    void stop() {
        if (server != null) {
            server.stop(1);
            server = null;
        }
    }

    /** {@code host:port} or {@code [IPv6]:port} as a socket address; a clear error for anything else. */
    static InetSocketAddress address(String hostPort) {
        Matcher m = HOST_PORT.matcher(hostPort);
        int port = m.matches() ? Integer.parseInt(m.group(2)) : -1;
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(InternalApi.LISTEN_VARIABLE + " must be host:port (e.g. "
                    + "10.0.0.5:8081 or [::1]:8081), not '" + hostPort + "'");
        }
        String host = m.group(1);
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
        }
        return new InetSocketAddress(host, port);
    }
}
