package org.vdi.broker.infrastructure.libvirt;

import java.util.concurrent.ThreadFactory;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedThreadFactory;

import org.libvirt.Library;
import org.libvirt.LibvirtException;

/**
 * Runs libvirt's default event loop on one managed thread. Keepalive pings and
 * domain lifecycle events are only delivered while this loop runs, so it is
 * started before any connection is opened.
 */
@Singleton
@Startup
public class LibvirtEventLoop {

    private static final Logger LOG = Logger.getLogger(LibvirtEventLoop.class.getName());

    @Resource
    private ManagedThreadFactory threadFactory;

    private Thread loop;

    private volatile boolean running;

    @PostConstruct
    void start() {
        start(threadFactory);
    }

    /** Starts the loop on a thread from the given factory; also used outside a container. */
    public synchronized void start(ThreadFactory factory) {
        if (running) {
            return;
        }
        try {
            // NOTE: virEventRegisterDefaultImpl is process-wide and must be called
            // once before the first connection that wants events or keepalive.
            EventLoopRegistration.ensureRegistered();
        } catch (LibvirtException e) {
            LOG.log(Level.SEVERE, "Cannot register libvirt's event loop; keepalive and lifecycle events are off", e);
            return;
        }
        running = true;
        loop = factory.newThread(this::run);
        loop.setName("libvirt-event-loop");
        loop.setDaemon(true);
        loop.start();
    }

    private void run() {
        while (running) {
            try {
                // NOTE: processEvent blocks until one event or timeout is handled; it
                // is the only place libvirt callbacks (keepalive, lifecycle) run.
                Library.processEvent();
            } catch (LibvirtException e) {
                LOG.log(Level.WARNING, "libvirt event loop iteration failed", e);
                sleepQuietly();
            }
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean isRunning() {
        return running;
    }

    @PreDestroy
    public synchronized void stop() {
        running = false;
        if (loop != null) {
            loop.interrupt();
            loop = null;
        }
    }
}
