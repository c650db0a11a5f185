package org.vdi.console.tunnel;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.apache.guacamole.GuacamoleException;
import org.apache.guacamole.net.GuacamoleTunnel;
import org.vdi.console.broker.Redemption;

/**
 * One open console: the broker's session, the browser's WebSocket, the
 * tunnel to guacd, the traffic both ways and the time of the last user input.
 * Closing is idempotent and the first cause wins, so the session record says
 * why it really ended (administrator, idle, desktop gone, browser closed).
 */
final class ConsoleConnection implements LiveConsole {

    private static final Logger LOG = Logger.getLogger(ConsoleConnection.class.getName());

    private final Redemption redemption;
    private final BrowserChannel browser;
    private final AtomicLong bytesIn = new AtomicLong();
    private final AtomicLong bytesOut = new AtomicLong();
    private final AtomicReference<Closing> closing = new AtomicReference<>();
    private final AtomicBoolean finished = new AtomicBoolean();
    // opening counts as activity for the first report
    private final AtomicBoolean inputSinceReport = new AtomicBoolean(true);
    private volatile long lastInputNanos = System.nanoTime();
    private volatile GuacamoleTunnel tunnel;

    ConsoleConnection(Redemption redemption, BrowserChannel browser) {
        this.redemption = redemption;
        this.browser = browser;
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

    void attach(GuacamoleTunnel t) {
        this.tunnel = t;
        if (closing.get() != null) {
            closeTunnel(); // closed while connecting
        }
    }

    void countIn(long bytes) {
        bytesIn.addAndGet(bytes);
    }

    void countOut(long bytes) {
        bytesOut.addAndGet(bytes);
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

    /** True once per report period when the user did something since the last one. */
    @Override
    public boolean takeActivity() {
        return inputSinceReport.getAndSet(false);
    }

    @Override
    public boolean closing() {
        return closing.get() != null;
    }

    /** Closes browser side and tunnel, telling the user why; later calls do nothing. */
    @Override
    public void close(Closing why) {
        if (closing.compareAndSet(null, why)) {
            LOG.log(why.error() ? Level.INFO : Level.FINE, "Console session {0} of {1} closing: {2}",
                    new Object[] {sessionId(), user(), why.reason()});
            browser.close(why);
            closeTunnel();
        }
    }

    /**
     * Once, after the WebSocket has closed: the session's end for the broker,
     * with the first recorded cause or else {@code fallback}.
     */
    @Override
    public Optional<Ended> finish(Closing fallback) {
        if (!finished.compareAndSet(false, true)) {
            return Optional.empty();
        }
        closing.compareAndSet(null, fallback);
        closeTunnel();
        return Optional.of(new Ended(sessionId(), closing.get().reason(), bytesIn.get(), bytesOut.get()));
    }

    private void closeTunnel() {
        GuacamoleTunnel t = tunnel;
        if (t != null && t.isOpen()) {
            try {
                t.close();
            } catch (GuacamoleException e) {
                LOG.log(Level.FINE, "Closing the tunnel of console session " + sessionId() + " failed", e);
            }
        }
    }
}
