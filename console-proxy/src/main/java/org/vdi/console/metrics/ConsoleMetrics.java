package org.vdi.console.metrics;

import java.util.function.ToLongFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.vdi.console.api.Refusal;

/**
 * console-proxy's metrics: {@code vdi_console_sessions{protocol}} (open on this
 * node), {@code vdi_console_bytes{direction}} and
 * {@code vdi_ticket_refusals{reason}} (the contract's {@link Refusal} codes).
 * Every call swallows its own failures: a metric never closes a console.
 */
@ApplicationScoped
public class ConsoleMetrics implements ConsoleTraffic {

    private static final Logger LOG = Logger.getLogger(ConsoleMetrics.class.getName());

    static final Metadata SESSIONS = Metadata.builder().withName("vdi_console_sessions")
            .withDescription("Console sessions open on this node, by protocol").build();
    static final Metadata BYTES = Metadata.builder().withName("vdi_console_bytes")
            .withDescription("Console bytes through this node: in from browsers, out to them").build();
    static final Metadata REFUSALS = Metadata.builder().withName("vdi_ticket_refusals")
            .withDescription("Console sockets refused before they opened, by reason").build();

    @Inject
    MetricRegistry registry;

    // NOTE: the counters are looked up once; the console threads count on them for every frame
    private volatile Counter in;
    private volatile Counter out;

    /**
     * Registers the open-sessions gauges, one per protocol, read from {@code live}
     * at each scrape. Called once by the session registry when it starts.
     */
    public <T> void sessions(T live, ToLongFunction<T> countOf, ConsoleProtocol p) {
        safely(SESSIONS.getName(), () -> registry.gauge(SESSIONS, live, x -> countOf.applyAsLong(x),
                new Tag("protocol", p.tag())));
    }

    @Override
    public void in(long bytes) {
        safely(BYTES.getName(), () -> bytes("in").inc(bytes));
    }

    @Override
    public void out(long bytes) {
        safely(BYTES.getName(), () -> bytes("out").inc(bytes));
    }

    /** A console socket was refused before it opened; counted by the refusal's code. */
    public void ticketRefused(Refusal why) {
        safely(REFUSALS.getName(), () -> registry.counter(REFUSALS, new Tag("reason", why.code())).inc());
    }

    private Counter bytes(String direction) {
        boolean isIn = direction.equals("in");
        Counter c = isIn ? in : out;
        if (c == null) {
            c = registry.counter(BYTES, new Tag("direction", direction));
            if (isIn) {
                in = c;
            } else {
                out = c;
            }
        }
        return c;
    }

    private static void safely(String metric, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Cannot record metric {0}: {1}", new Object[] {metric, e.toString()});
        }
    }
}
