package org.vdi.broker.infrastructure.libvirt;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.libvirt.Connect;
import org.libvirt.Error;
import org.libvirt.LibvirtException;
import org.libvirt.jna.Libvirt;
import org.vdi.broker.application.metrics.BrokerMetrics;
import org.vdi.broker.domain.shared.BrokerException;
import org.vdi.broker.domain.shared.ErrorCode;

/**
 * One libvirt connection per host URI, opened on first use, kept alive with
 * libvirt keepalive pings, and reopened when libvirt reports it dead. Held by
 * this application-scoped bean, never in a static map, so tests and redeploys
 * start clean.
 */
@ApplicationScoped
public class LibvirtConnections {

    private static final Logger LOG = Logger.getLogger(LibvirtConnections.class.getName());

    /** Keepalive: ping every 5 s, give up after 3 missed answers (about 15 s). */
    private static final int KEEPALIVE_INTERVAL_S = 5;
    private static final int KEEPALIVE_COUNT = 3;

    private final Map<String, Connect> connections = new ConcurrentHashMap<>();

    @Inject
    BrokerMetrics metrics;

    /**
     * Swallows libvirt's per-connection error reports, which it otherwise prints
     * to stderr ("libvirt: ... error : ...") for every failed call, including
     * the expected "no such domain". Callers get the same error as a
     * LibvirtException and translate it. Held in a field because native code
     * keeps only a pointer to it.
     */
    private final Libvirt.VirErrorCallback quietErrors = (userData, error) -> { };

    /** Told about every connection this bean opens or closes, e.g. to move event callbacks. */
    private final List<ConnectionListener> listeners = new CopyOnWriteArrayList<>();

    /**
     * Returns a live connection to the URI, opening or reopening it as needed.
     *
     * @throws BrokerException {@link ErrorCode#HOST_UNAVAILABLE} naming the URI
     */
    public Connect connect(String uri) {
        Connect[] opened = new Connect[1];
        // NOTE: compute() holds the map's bin lock for this URI while connecting,
        // so two threads never open two connections to one host; other hosts are
        // not blocked.
        Connect c = connections.compute(uri, (key, existing) -> {
            if (existing != null && alive(existing)) {
                return existing;
            }
            // NOTE: listeners hear of the closing under this lock, before the
            // new connection exists; they must not call connect() here.
            close(key, existing);
            opened[0] = open(key);
            return opened[0];
        });
        if (opened[0] != null) {
            // NOTE: outside compute(), so a listener may call connect() again
            // without a recursive update of the map; only the opening thread calls.
            notifyOpened(uri, opened[0]);
        }
        return c;
    }

    /**
     * Registers a listener for each connection opened or closed from now on.
     * libvirt event callbacks belong to one connection, so whoever subscribed
     * to events moves them from the old connection to the new one.
     */
    public void addListener(ConnectionListener listener) {
        listeners.add(listener);
    }

    private void notifyOpened(String uri, Connect c) {
        for (ConnectionListener l : listeners) {
            try {
                l.opened(uri, c);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a listener failed on the new libvirt connection to " + uri, e);
            }
        }
    }

    /** Tells the listeners, then closes. */
    private void close(String uri, Connect c) {
        if (c == null) {
            return;
        }
        for (ConnectionListener l : listeners) {
            try {
                l.closing(uri, c);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a listener failed on closing the libvirt connection to " + uri, e);
            }
        }
        closeQuietly(c);
    }

    private static boolean alive(Connect c) {
        try {
            return c.isAlive();
        } catch (LibvirtException e) {
            return false;
        }
    }

    private Connect open(String uri) {
        registerEventLoop();
        try {
            Connect c = new Connect(uri, false);
            c.setConnectionErrorCallback(quietErrors);
            try {
                c.setKeepAlive(KEEPALIVE_INTERVAL_S, KEEPALIVE_COUNT);
            } catch (LibvirtException e) {
                // Local (unix socket) and test:/// connections do not support keepalive.
                LOG.log(Level.FINE, "keepalive not supported on {0}: {1}", new Object[] {uri, e.getMessage()});
            }
            return c;
        } catch (LibvirtException e) {
            throw failed(new BrokerException(ErrorCode.HOST_UNAVAILABLE,
                    "cannot connect to libvirt at " + uri + ": " + LibvirtErrors.message(e), e), e);
        }
    }

    /**
     * A connection only ever delivers events and keepalive pings when libvirt's
     * event loop implementation was registered before it opened. The loop
     * thread ({@link LibvirtEventLoop}) may start later (start-up beans run in
     * no fixed order), so registration happens here too; it is once per process.
     */
    private static void registerEventLoop() {
        try {
            EventLoopRegistration.ensureRegistered();
        } catch (LibvirtException e) {
            LOG.log(Level.WARNING, "cannot register libvirt's event loop; no events or keepalive on new connections: {0}",
                    LibvirtErrors.message(e));
        }
    }

    /** Counts a failed libvirt call by libvirt's error number and the broker error it became; returns that. */
    BrokerException failed(BrokerException translated, LibvirtException e) {
        if (metrics == null) {
            return translated; // built by hand, outside CDI (the adapter's own tests, the benchmarks)
        }
        Error err = e.getError();
        metrics.libvirtError(err == null || err.getCode() == null ? null : err.getCode().name(), translated.code());
        return translated;
    }

    /** Drops the connection to the URI, e.g. after the host was removed. */
    public void forget(String uri) {
        close(uri, connections.remove(uri));
    }

    private static void closeQuietly(Connect c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (LibvirtException e) {
            LOG.log(Level.FINE, "closing a libvirt connection failed", e);
        }
    }

    @PreDestroy
    public void closeAll() {
        // NOTE: listeners first, so no libvirt callback into this application
        // outlives it (a redeploy would otherwise leave native callbacks into
        // an old class loader).
        connections.forEach(this::close);
        connections.clear();
    }
}
