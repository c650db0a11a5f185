package org.vdi.console.tunnel;

import java.util.ArrayList;
import java.util.HashSet;
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

import org.vdi.console.broker.Redemption;

/**
 * One SPICE session in the browser: the console session the broker recorded
 * when the ticket was redeemed, and the channels spice-html5 opened on it.
 *
 * <p>The ticket opens one SPICE session. spice-html5 opens one WebSocket per
 * SPICE channel (main, display, inputs, cursor, ...), all to the same URL with
 * the same ticket. The first WebSocket redeems the ticket (once, atomically,
 * at the broker) and must carry the main channel; further WebSockets with that
 * ticket join this session only while it is open, only from the client
 * address and page origin of the first, never as a second main channel, and
 * at most {@value #MAX_CHANNELS} in all. Once the session has closed, the
 * ticket is spent: the broker refuses it.
 */
final class SpiceSession implements LiveConsole {

    private static final Logger LOG = Logger.getLogger(SpiceSession.class.getName());
    /** main, display, inputs, cursor, playback, record and two more (port, usbredir...). */
    static final int MAX_CHANNELS = 8;

    private final Redemption redemption;
    private final String clientAddr;
    private final String origin;
    // NOTE: guarded by this: joins come from the container's threads, leaves and closes from any
    private final Set<SpiceChannel> channels = new HashSet<>();
    private int opened;
    private final AtomicLong bytesIn = new AtomicLong();
    private final AtomicLong bytesOut = new AtomicLong();
    private final AtomicReference<Closing> closing = new AtomicReference<>();
    private final AtomicBoolean finished = new AtomicBoolean();
    private final AtomicBoolean inputSinceReport = new AtomicBoolean(true);
    private volatile long lastInputNanos = System.nanoTime();

    SpiceSession(Redemption redemption, String clientAddr, String origin) {
        this.redemption = Objects.requireNonNull(redemption, "redemption");
        this.clientAddr = clientAddr;
        this.origin = origin;
    }

    Redemption redemption() {
        return redemption;
    }

    @Override
    public UUID sessionId() {
        return redemption.sessionId();
    }

    @Override
    public String user() {
        return redemption.user();
    }

    /**
     * Adds a channel's WebSocket to the session.
     *
     * @return why it may not join, or empty when it joined
     */
    synchronized Optional<String> join(SpiceChannel c, String fromAddr, String fromOrigin) {
        if (closing.get() != null) {
            return Optional.of("this SPICE session has ended; open it again from the portal");
        }
        if (!Objects.equals(clientAddr, fromAddr) || !Objects.equals(origin, fromOrigin)) {
            LOG.log(Level.WARNING, "SPICE session {0} of {1}: a channel from {2} ({3}) refused; the session is "
                    + "{4} ({5})", new Object[] {sessionId(), user(), fromAddr, fromOrigin, clientAddr, origin});
            return Optional.of("this SPICE session belongs to another browser");
        }
        if (opened >= MAX_CHANNELS) {
            return Optional.of("this SPICE session has opened " + MAX_CHANNELS + " channels already");
        }
        opened++;
        channels.add(c);
        return Optional.empty();
    }

    /**
     * Removes a channel whose WebSocket closed.
     *
     * @return true when it was the last one (the session then ends); false also when it was gone already
     */
    synchronized boolean leave(SpiceChannel c) {
        return channels.remove(c) && channels.isEmpty();
    }

    /** The first channel of a session is its main channel, and only the first. */
    boolean admits(boolean first, int channelType) {
        return first == (channelType == SpiceLink.MAIN);
    }

    void countIn(long n) {
        bytesIn.addAndGet(n);
    }

    void countOut(long n) {
        bytesOut.addAndGet(n);
    }

    /** Keys and mouse on the inputs channel: the only traffic that counts as the user being there. */
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

    @Override
    public void close(Closing why) {
        if (closing.compareAndSet(null, why)) {
            LOG.log(why.error() ? Level.INFO : Level.FINE, "SPICE session {0} of {1} closing: {2}",
                    new Object[] {sessionId(), user(), why.reason()});
            List<SpiceChannel> all;
            synchronized (this) {
                all = new ArrayList<>(channels);
            }
            all.forEach(c -> c.close(why));
        }
    }

    @Override
    public Optional<Ended> finish(Closing fallback) {
        if (!finished.compareAndSet(false, true)) {
            return Optional.empty();
        }
        closing.compareAndSet(null, fallback == null ? Closing.normal("closed") : fallback);
        List<SpiceChannel> all;
        synchronized (this) {
            all = new ArrayList<>(channels);
        }
        all.forEach(c -> c.close(closing.get()));
        return Optional.of(new Ended(sessionId(), closing.get().reason(), bytesIn.get(), bytesOut.get()));
    }
}
