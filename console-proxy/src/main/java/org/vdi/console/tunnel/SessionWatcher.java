package org.vdi.console.tunnel;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.vdi.console.api.ConsoleBroker;
import org.vdi.console.api.ConsoleRefusedException;
import org.vdi.console.api.Refusal;
import org.vdi.console.config.ConsoleSettings;

/**
 * Every two seconds: closes consoles idle past the limit, and tells the broker
 * which consoles this node holds (and which had user input), closing those the
 * broker says must go (terminated by an administrator, desktop released).
 * With no console open it reports every 30 seconds only, so the broker can
 * notice sessions of a node that died.
 */
@ApplicationScoped
public class SessionWatcher {

    private static final Logger LOG = Logger.getLogger(SessionWatcher.class.getName());
    static final long PERIOD_SECONDS = 2;
    private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final long ACTIVITY_NANOS = TimeUnit.SECONDS.toNanos(30);

    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService scheduler;

    @Inject
    SessionRegistry registry;

    @Inject
    ConsoleBroker broker;

    @Inject
    ConsoleSettings settings;

    private ScheduledFuture<?> task;
    // NOTE: touched by the scheduler's single task only (fixed delay: never two at once)
    private long lastPoll = System.nanoTime() - QUIET_NANOS;
    private long lastActivityReport = System.nanoTime();
    private boolean brokerDown;

    void start(@Observes @Initialized(ApplicationScoped.class) Object init) {
        task = scheduler.scheduleWithFixedDelay(this::tick, PERIOD_SECONDS, PERIOD_SECONDS, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    void tick() {
        try {
            closeIdle();
            poll();
        } catch (RuntimeException e) {
            // a task that throws is never run again: keep watching
            LOG.log(Level.SEVERE, "Console watcher failed; retrying in " + PERIOD_SECONDS + " s", e);
        }
    }

    private void closeIdle() {
        long now = System.nanoTime();
        int limit = settings.idleTimeoutSeconds();
        for (LiveConsole c : registry.all()) {
            if (!c.closing() && c.idleLongerThan(limit, now)) {
                c.close(Closing.of(Refusal.IDLE_TIMEOUT, "closed after " + duration(limit)
                        + " without input"));
            }
        }
    }

    private void poll() {
        long now = System.nanoTime();
        List<LiveConsole> live = registry.all();
        if (live.isEmpty() && now - lastPoll < QUIET_NANOS) {
            return;
        }
        lastPoll = now;
        Set<UUID> active = Set.of();
        if (now - lastActivityReport >= ACTIVITY_NANOS) {
            lastActivityReport = now;
            active = live.stream().filter(LiveConsole::takeActivity).map(LiveConsole::sessionId)
                    .collect(Collectors.toSet());
        }
        Map<UUID, String> close;
        try {
            close = broker.poll(live.stream().map(LiveConsole::sessionId).toList(), active);
            if (brokerDown) {
                LOG.info("The broker answers console polls again");
                brokerDown = false;
            }
        } catch (ConsoleRefusedException e) {
            if (!brokerDown) {
                LOG.log(Level.WARNING, "Cannot poll the broker for terminated consoles: {0}", e.getMessage());
                brokerDown = true;
            }
            return;
        }
        registry.closeNow(close);
    }

    static String duration(int seconds) {
        return seconds % 60 == 0 ? seconds / 60 + (seconds == 60 ? " minute" : " minutes") : seconds + " seconds";
    }
}
