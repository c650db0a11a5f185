package org.vdi.broker.infrastructure.libvirt;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

    /**
     * Returns a live connection to the URI, opening or reopening it as needed.
     *
     * @throws BrokerException {@link ErrorCode#HOST_UNAVAILABLE} naming the URI
     */
    public Connect connect(String uri) {
        // NOTE: compute() holds the map's bin lock for this URI while connecting,
        // so two threads never open two connections to one host; other hosts are
        // not blocked.
        return connections.compute(uri, (key, existing) -> {
            if (existing != null && alive(existing)) {
                return existing;
            }
            closeQuietly(existing);
            return open(key);
        });
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
