package org.vdi.console.tunnel;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Threads for the guacd-to-browser direction of each console. One per open
 * console, for its lifetime, so a pool with a queue would make later consoles
 * wait for earlier ones to close; threads come from the container's managed
 * factory instead, so they carry the application's context.
 */
@ApplicationScoped
public class ConsoleThreads {

    @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
    ManagedThreadFactory factory;

    void start(String name, Runnable task) {
        Thread t = factory != null ? factory.newThread(task) : new Thread(task);
        t.setName(name);
        t.setDaemon(true);
        t.start();
    }
}
