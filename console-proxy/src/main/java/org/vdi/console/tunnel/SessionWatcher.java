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
 *
 * <p>It fails closed: while the broker cannot be asked, a console the broker
 * would close (released, terminated, signed out) stays open, so after
 * {@link #MAX_FAILED_POLLS} failed polls in a row (half a minute) every console
 * of this node closes with words saying why.
 */
@ApplicationScoped
public class SessionWatcher {

    private static final Logger LOG = Logger.getLogger(SessionWatcher.class.getName());
    static final long PERIOD_SECONDS = 2;
    /** Failed polls in a row after which no console stays open unchecked. */
    static final int MAX_FAILED_POLLS = 15;
    static final String BROKER_LOST = "the console service lost touch with the broker; reconnect in a moment";
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

    @Inject
    RefusalLimiter limiter;

    private ScheduledFuture<?> task;
    // NOTE: touched by the scheduler's single task only (fixed delay: never two at once)
    private long lastPoll = System.nanoTime() - QUIET_NANOS;
    private long lastActivityReport = System.nanoTime();
    private int failedPolls;

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
            reportFloods();
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
            if (failedPolls > 0) {
                LOG.info("The broker answers console polls again");
                failedPolls = 0;
            }
        } catch (ConsoleRefusedException e) {
            if (failedPolls++ == 0) {
                LOG.log(Level.WARNING, "Cannot poll the broker for terminated consoles: {0}", e.getMessage());
            }
            if (failedPolls >= MAX_FAILED_POLLS && !live.isEmpty()) {
                LOG.log(Level.WARNING, "No answer from the broker in {0} polls: closing the {1} consoles of this "
                        + "node", new Object[] {failedPolls, live.size()});
                live.forEach(c -> c.close(Closing.of(Refusal.UNREACHABLE, null, BROKER_LOST)));
            }
            return;
        }
        registry.closeNow(close);
    }

    /** One record per address and minute for the attempts refused unseen ({@link RefusalLimiter}). */
    private void reportFloods() {
        limiter.finishedMinutes(System.nanoTime()).forEach((addr, n) -> {
            LOG.log(Level.WARNING, "{0} console attempts from {1} refused unseen in one minute", new Object[] {n, addr});
            try {
                broker.refuse("", n + " more console attempts refused unseen in one minute: too many refusals from "
                        + "this address", addr);
            } catch (ConsoleRefusedException e) {
                LOG.log(Level.FINE, "The broker did not record the refusals from {0}: {1}",
                        new Object[] {addr, e.getMessage()});
            }
        });
    }

    static String duration(int seconds) {
        return seconds % 60 == 0 ? seconds / 60 + (seconds == 60 ? " minute" : " minutes") : seconds + " seconds";
    }
}
