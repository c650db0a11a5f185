package org.vdi.broker.infrastructure.libvirt;

import org.libvirt.Library;
import org.libvirt.LibvirtException;

/**
 * Guards the one-per-process registration of libvirt's default event loop
 * implementation. libvirt itself keeps this state per process (not per
 * application), so a redeploy in the same JVM must not register it twice.
 */
final class EventLoopRegistration {

    private EventLoopRegistration() {
    }

    static void ensureRegistered() throws LibvirtException {
        // NOTE: a system property, not a static field, because the flag must
        // survive a redeploy that loads this class again in a new class loader
        // while the native registration stays in the process.
        synchronized (System.class) {
            if (System.getProperty("vdi.libvirt.event-loop.registered") == null) {
                Library.initEventLoop();
                System.setProperty("vdi.libvirt.event-loop.registered", "true");
            }
        }
    }
}
