package org.vdi.console.tunnel;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.apache.guacamole.GuacamoleException;
import org.apache.guacamole.net.GuacamoleTunnel;
import org.vdi.console.api.Redemption;
import org.vdi.console.metrics.ConsoleProtocol;
import org.vdi.console.metrics.ConsoleTraffic;

/**
 * One open console session: the broker's session, the parts that carry it
 * (the browser's WebSocket and the tunnel to guacd; or the SPICE channels, each
 * a WebSocket with its TCP connection), the traffic both ways and the time of
 * the last user input. Closing is idempotent and the first cause wins, so the
 * session record says why it really ended (administrator, idle, desktop gone,
 * browser closed).
 *
 * <p>A Guacamole console is one WebSocket. A SPICE session lets further
 * channels {@linkplain #join join} while it is open: only from the client
 * address and page origin of the first, and at most {@code maxJoins} in the
 * session's life. Once it has closed its ticket is spent: the broker refuses it.
 */
final class ConsoleConnection implements LiveConsole {

    private static final Logger LOG = Logger.getLogger(ConsoleConnection.class.getName());

    /** Something a console closes when it closes. */
    interface Part {
        void close(Closing why);
    }

    private final Redemption redemption;
    /** "Console" or "SPICE", for the logs and the user's messages. */
    private final String kind;
    private final String clientAddr;
    private final String origin;
    private final int maxJoins;
    private final ConsoleProtocol protocol;
    private final ConsoleTraffic traffic;
    // NOTE: guarded by this: joins come from the consoles' opening threads, leaves and closes from any
    private final Set<Part> parts = new LinkedHashSet<>();
    private int joined;
    private final AtomicLong bytesIn = new AtomicLong();
    private final AtomicLong bytesOut = new AtomicLong();
    private final AtomicReference<Closing> closing = new AtomicReference<>();
    private final AtomicBoolean finished = new AtomicBoolean();
    // opening counts as activity for the first report
    private final AtomicBoolean inputSinceReport = new AtomicBoolean(true);
    private volatile long lastInputNanos = System.nanoTime();

    /**
     * A Guacamole console: this one browser, and the tunnel {@linkplain #attach attached} later;
     * its bytes counted in {@code traffic} as well as for the session's record.
     */
    ConsoleConnection(Redemption redemption, BrowserChannel browser, ConsoleTraffic traffic) {
        this(redemption, ConsoleProtocol.GUACAMOLE, "Console", null, null, 0, traffic);
        parts.add(browser);
    }

    /** A session that parts join: from {@code clientAddr} and {@code origin} only, {@code maxJoins} at most. */
    ConsoleConnection(Redemption redemption, ConsoleProtocol protocol, String kind, String clientAddr, String origin,
            int maxJoins, ConsoleTraffic traffic) {
        this.redemption = Objects.requireNonNull(redemption, "redemption");
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        this.kind = kind;
        this.clientAddr = clientAddr;
        this.origin = origin;
        this.maxJoins = maxJoins;
        this.traffic = Objects.requireNonNull(traffic, "traffic");
    }

    @Override
    public ConsoleProtocol protocol() {
        return protocol;
    }

    @Override
    public UUID sessionId() {
        return redemption.sessionId();
    }

    @Override
    public String user() {
        return redemption.user();
    }

    Redemption redemption() {
        return redemption;
    }

    /** The tunnel to guacd, once connected; closed at once when the console closed meanwhile. */
    void attach(GuacamoleTunnel t) {
        Part tunnel = why -> closeTunnel(t);
        synchronized (this) {
            parts.add(tunnel);
        }
        if (closing.get() != null) {
            tunnel.close(closing.get()); // closed while connecting
        }
    }

    /**
     * Adds a part (a SPICE channel's WebSocket) to the session.
     *
     * @return why it may not join, or empty when it joined
     */
    synchronized Optional<String> join(Part p, String fromAddr, String fromOrigin) {
        String session = "this " + kind + " session";
        if (closing.get() != null) {
            return Optional.of(session + " has ended; open it again from the portal");
        }
        if (!Objects.equals(clientAddr, fromAddr) || !Objects.equals(origin, fromOrigin)) {
            LOG.log(Level.WARNING, "{0} session {1} of {2}: a channel from {3} ({4}) refused; the session is "
                    + "{5} ({6})", new Object[] {kind, sessionId(), user(), fromAddr, fromOrigin, clientAddr, origin});
            return Optional.of(session + " belongs to another browser");
        }
        if (joined >= maxJoins) {
            return Optional.of(session + " has opened " + maxJoins + " channels already");
        }
        joined++;
        parts.add(p);
        return Optional.empty();
    }

    /**
     * Removes a part whose WebSocket closed.
     *
     * @return true when it was the last one (the session then ends); false also when it was gone already
     */
    synchronized boolean leave(Part p) {
        return parts.remove(p) && parts.isEmpty();
    }

    void countIn(long bytes) {
        bytesIn.addAndGet(bytes);
        traffic.in(bytes);
    }

    void countOut(long bytes) {
        bytesOut.addAndGet(bytes);
        traffic.out(bytes);
    }

    /** The user did something (key, mouse, clipboard...): not idle, and the assignment is in use. */
    void input() {
        lastInputNanos = System.nanoTime();
        inputSinceReport.set(true);
    }

    @Override
    public boolean idleLongerThan(long seconds, long nowNanos) {
        return nowNanos - lastInputNanos > seconds * 1_000_000_000L;
    }

    @Override
    public boolean takeActivity() {
        return inputSinceReport.getAndSet(false);
    }

    @Override
    public boolean closing() {
        return closing.get() != null;
    }

    /** Closes every part, telling the user why; later calls do nothing. */
    @Override
    public void close(Closing why) {
        if (closing.compareAndSet(null, why)) {
            LOG.log(why.error() ? Level.INFO : Level.FINE, "{0} session {1} of {2} closing: {3}",
                    new Object[] {kind, sessionId(), user(), why.reason()});
            closeParts(why);
        }
    }

    /**
     * Once, after the browser side has closed: the session's end for the broker,
     * with the first recorded cause or else {@code fallback}.
     */
    @Override
    public Optional<Ended> finish(Closing fallback) {
        if (!finished.compareAndSet(false, true)) {
            return Optional.empty();
        }
        closing.compareAndSet(null, fallback == null ? Closing.normal("closed") : fallback);
        closeParts(closing.get());
        return Optional.of(new Ended(sessionId(), closing.get().reason(), bytesIn.get(), bytesOut.get()));
    }

    private void closeParts(Closing why) {
        List<Part> all;
        synchronized (this) {
            all = new ArrayList<>(parts);
        }
        // NOTE: outside the lock: a part's close may block on its WebSocket's send lock
        all.forEach(p -> p.close(why));
    }

    private void closeTunnel(GuacamoleTunnel t) {
        if (t.isOpen()) {
            try {
                t.close();
            } catch (GuacamoleException e) {
                LOG.log(Level.FINE, "Closing the tunnel of console session " + sessionId() + " failed", e);
            }
        }
    }
}
