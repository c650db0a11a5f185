package org.vdi.console.tunnel;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.vdi.console.api.ConsoleBroker;
import org.vdi.console.api.ConsoleRefusedException;
import org.vdi.console.api.Refusal;
import org.vdi.console.metrics.ConsoleMetrics;
import org.vdi.console.metrics.ConsoleProtocol;

/**
 * The consoles open on this node: for the per-user cap, for the watcher that
 * closes terminated and idle ones, and to report each end to the broker once.
 * Only live connections are held; the records are the broker's.
 */
@ApplicationScoped
public class SessionRegistry {

    private static final Logger LOG = Logger.getLogger(SessionRegistry.class.getName());

    private final Map<UUID, LiveConsole> live = new ConcurrentHashMap<>();

    @Inject
    ConsoleBroker broker;

    @Inject
    ConsoleMetrics metrics;

    /** Created with the application, so the open-sessions gauges exist before the first console. */
    void started(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        // nothing to do: being called creates the bean, and so its gauges
    }

    @PostConstruct
    void gauges() {
        for (ConsoleProtocol p : ConsoleProtocol.values()) {
            metrics.sessions(live, m -> m.values().stream().filter(c -> c.protocol() == p).count(), p);
        }
    }

    /** Adds the console unless its user already has {@code maxPerUser} open here. */
    // NOTE: synchronized so two consoles of one user opening at once cannot both pass the count
    synchronized boolean admit(LiveConsole c, int maxPerUser) {
        long open = live.values().stream().filter(x -> x.user().equals(c.user())).count();
        if (open >= maxPerUser) {
            return false;
        }
        live.put(c.sessionId(), c);
        return true;
    }

    long countOf(String user) {
        return live.values().stream().filter(x -> x.user().equals(user)).count();
    }

    Optional<LiveConsole> find(UUID sessionId) {
        return Optional.ofNullable(live.get(sessionId));
    }

    List<LiveConsole> all() {
        return List.copyOf(live.values());
    }

    /**
     * Closes these consoles, where they are open on this node, each with the
     * broker's message for its user, as the watcher does with a poll's answer.
     */
    public void closeNow(Map<UUID, String> closing) {
        closing.forEach((id, reason) -> find(id).ifPresent(c -> c.close(Closing.of(Refusal.TERMINATED, reason))));
    }

    /** After the WebSocket closed: forget the console and report its end to the broker (once). */
    void finish(LiveConsole c, Closing fallback) {
        c.finish(fallback).ifPresent(end -> {
            live.remove(end.sessionId(), c);
            report(end);
        });
    }

    /** Attempts at reporting one end: a broker that failed once (a database hiccup) often takes the next. */
    static final int END_ATTEMPTS = 3;

    private void report(LiveConsole.Ended end) {
        for (int attempt = 1; ; attempt++) {
            try {
                broker.end(end.sessionId(), end.bytesIn(), end.bytesOut(), end.reason());
                return;
            } catch (ConsoleRefusedException e) {
                if (attempt >= END_ATTEMPTS || !e.refusal().equals(Refusal.INTERNAL_ERROR)
                        && !e.refusal().equals(Refusal.UNREACHABLE)) {
                    // the broker records the session as lost once no node reports it any more
                    LOG.log(Level.WARNING, "Cannot report the end of console session {0} to the broker: {1}",
                            new Object[] {end.sessionId(), e.getMessage()});
                    return;
                }
                try {
                    Thread.sleep(100L * attempt);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @PreDestroy
    void closeAll() {
        for (LiveConsole c : all()) {
            c.close(Closing.of(Refusal.RESTARTING, null));
        }
    }
}
