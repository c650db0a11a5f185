package org.vdi.broker.infrastructure.libvirt;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.libvirt.Connect;
import org.libvirt.LibvirtException;
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

    /** Told about every connection this bean opens, e.g. to register event callbacks again. */
    private final List<BiConsumer<String, Connect>> openListeners = new CopyOnWriteArrayList<>();

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
            closeQuietly(existing);
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
     * Registers a callback for each connection opened from now on, first or
     * reopened. libvirt event callbacks belong to one connection, so whoever
     * subscribed to events must register again on the new one.
     */
    public void onOpen(BiConsumer<String, Connect> listener) {
        openListeners.add(listener);
    }

    private void notifyOpened(String uri, Connect c) {
        for (BiConsumer<String, Connect> listener : openListeners) {
            try {
                listener.accept(uri, c);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a listener failed on the new libvirt connection to " + uri, e);
            }
        }
    }

    private static boolean alive(Connect c) {
        try {
            return c.isAlive();
        } catch (LibvirtException e) {
            return false;
        }
    }

    private static Connect open(String uri) {
        try {
            Connect c = new Connect(uri, false);
            try {
                c.setKeepAlive(KEEPALIVE_INTERVAL_S, KEEPALIVE_COUNT);
            } catch (LibvirtException e) {
                // Local (unix socket) and test:/// connections do not support keepalive.
                LOG.log(Level.FINE, "keepalive not supported on {0}: {1}", new Object[] {uri, e.getMessage()});
            }
            return c;
        } catch (LibvirtException e) {
            throw new BrokerException(ErrorCode.HOST_UNAVAILABLE,
                    "cannot connect to libvirt at " + uri + ": " + LibvirtErrors.message(e), e);
        }
    }

    /** Drops the connection to the URI, e.g. after the host was removed. */
    public void forget(String uri) {
        closeQuietly(connections.remove(uri));
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
        connections.values().forEach(LibvirtConnections::closeQuietly);
        connections.clear();
    }
}
