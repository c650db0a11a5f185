package org.vdi.console.tunnel;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

import org.apache.guacamole.protocol.GuacamoleStatus;
import org.vdi.console.api.ConsoleBroker;
import org.vdi.console.api.ConsoleRefusedException;
import org.vdi.console.api.Redemption;
import org.vdi.console.api.Refusal;
import org.vdi.console.config.ConsoleSettings;
import org.vdi.console.metrics.ConsoleMetrics;
import org.vdi.console.metrics.ConsoleProtocol;

/**
 * The SPICE bridge at {@code /console/spice} for spice-html5: WebSocket
 * (subprotocol "binary") to the desktop's SPICE port over TCP, one WebSocket
 * per SPICE channel, all with the ticket in the query parameter {@code ticket}.
 *
 * <p>Opening checks, in this order, before any TCP connection to the desktop,
 * on the channel's own thread as the Guacamole tunnel's: the {@link AdmissionGate}
 * (handshake, Origin, ticket present); the ticket: the first WebSocket redeems it
 * at the broker (once, atomically) and opens the SPICE session, later ones join
 * that session while it is open (see {@link ConsoleConnection#join}); the user's
 * console cap. What the browser sends meanwhile waits in {@link EarlyFrames}. The
 * desktop is connected when the channel's first bytes are a SPICE link for a
 * channel the session admits. Refusals close the WebSocket with a code and the
 * user's message as the reason.
 *
 * <p>Closing: either side of a channel ending closes the other; the main
 * channel ending closes the whole session; the session ends (reported to the
 * broker with its traffic) when its last channel closed. Idle time is judged
 * per session, by user input on the inputs channel, by {@link SessionWatcher},
 * which also closes sessions an administrator terminated.
 */
@ServerEndpoint(value = "/console/spice", subprotocols = "binary", configurator = HandshakeConfigurator.class)
public class SpiceBridgeEndpoint {

    private static final Logger LOG = Logger.getLogger(SpiceBridgeEndpoint.class.getName());
    /** spice-html5 sends small messages (input, acks); far below this. */
    private static final int MAX_MESSAGE_BYTES = 256 * 1024;
    static final String PROTOCOL = "spice";

    private static final AdmissionGate.Words WORDS = new AdmissionGate.Words("SPICE",
            "the SPICE request could not be checked; open it again",
            "no SPICE ticket; open SPICE from the portal");

    @Inject
    ConsoleSettings settings;

    @Inject
    AdmissionGate gate;

    @Inject
    ConsoleBroker broker;

    @Inject
    SessionRegistry registry;

    @Inject
    SpiceSessions spice;

    @Inject
    ConsoleThreads threads;

    @Inject
    ConsoleMetrics metrics;

    // NOTE: one endpoint instance per WebSocket; the opening thread sets "channel" once,
    // the container's threads read it (fed under "early"'s lock, see EarlyFrames)
    private volatile SpiceChannel channel;
    private volatile ConsoleConnection session;
    private volatile String key;
    private volatile BrowserChannel browser;
    private final EarlyFrames early = new EarlyFrames(SpiceLink.MAX_LINK_SIZE);
    private final AtomicBoolean departed = new AtomicBoolean();
    private volatile boolean browserGone;

    @OnOpen
    public void onOpen(Session ws, EndpointConfig config) {
        BrowserChannel browser = BrowserChannel.opening(ws, BrowserChannel.Telling.CLOSE_REASON);
        this.browser = browser;
        // idle is judged per session by user input, not per channel (a cursor channel may be quiet for long)
        ws.setMaxIdleTimeout(0);
        ws.setMaxBinaryMessageBufferSize(MAX_MESSAGE_BYTES);
        Optional<HandshakeFacts> facts = HandshakeFacts.takeFrom(ws);
        String ticket = ClientInfo.single(ws.getRequestParameterMap(), "ticket");
        // NOTE: as in TunnelEndpoint.onOpen: the checks, the broker's redemption and every
        // refusal (a close) run on the channel's own thread, never on the container's inside
        // onOpen, where Payara would recycle the upgrade request of a socket closed early
        threads.start("spice-open-" + ws.getId(), () -> {
            try {
                admit(browser, facts, ticket);
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "Opening a SPICE channel failed", e);
                browser.close(Closing.of(Refusal.CONSOLE_FAILED, null, "console-proxy failed: " + e));
            } finally {
                early.decide(this::feed);
            }
        });
        browser.opened();
    }

    private void admit(BrowserChannel browser, Optional<HandshakeFacts> facts, String ticket) {
        Optional<HandshakeFacts> admitted = gate.check(facts, ticket, browser::close, WORDS);
        if (admitted.isEmpty()) {
            return;
        }
        HandshakeFacts f = admitted.get();
        String k = SpiceSessions.key(ticket);
        AtomicReference<ConsoleConnection> slot = spice.claim(k);
        if (slot == null) {
            start(browser, ticket, k, f);
        } else {
            join(browser, slot.get(), k, f);
        }
    }

    /** The first channel: redeems the ticket and opens the session. */
    private void start(BrowserChannel browser, String ticket, String k, HandshakeFacts f) {
        Redemption r;
        try {
            r = broker.redeem(ticket, f.clientAddr());
        } catch (ConsoleRefusedException e) {
            spice.release(k);
            gate.redeemRefused(f, e);
            Closing c = Closing.refused(e);
            LOG.log(c.status() == GuacamoleStatus.SERVER_ERROR ? Level.WARNING : Level.FINE,
                    "SPICE ticket refused: {0}", c.reason());
            browser.close(c);
            return;
        }
        ConsoleConnection s = new ConsoleConnection(r, ConsoleProtocol.SPICE, "SPICE", f.clientAddr(), f.origin(),
                SpiceChannel.MAX_PER_SESSION, metrics);
        if (!PROTOCOL.equals(r.protocol())) {
            spice.release(k);
            metrics.ticketRefused(Refusal.WRONG_PROTOCOL);
            refuseSession(s, browser, Closing.of(Refusal.WRONG_PROTOCOL, "this console ticket is not for SPICE"));
            return;
        }
        if (!registry.admit(s, settings.maxPerUser())) {
            spice.release(k);
            metrics.ticketRefused(Refusal.TOO_MANY_CONSOLES);
            refuseSession(s, browser, Closing.of(Refusal.TOO_MANY_CONSOLES, "you already have "
                    + settings.maxPerUser() + " consoles open; close one first"));
            return;
        }
        SpiceChannel c = new SpiceChannel(s, browser, true);
        s.join(c, f.clientAddr(), f.origin());
        spice.opened(k, s);
        opened(c, s, k);
        LOG.log(Level.INFO, "SPICE session {0}: {1} on {2} ({3}:{4})",
                new Object[] {r.sessionId(), r.user(), r.desktopName(), r.host(), Integer.toString(r.port())});
    }

    private void refuseSession(ConsoleConnection s, BrowserChannel browser, Closing why) {
        browser.close(why);
        s.close(why);
        registry.finish(s, why);
    }

    /** A further channel of an open session. */
    private void join(BrowserChannel browser, ConsoleConnection s, String k, HandshakeFacts f) {
        if (s == null) {
            browser.close(Closing.of(Refusal.SESSION_OPENING, null));
            return;
        }
        SpiceChannel c = new SpiceChannel(s, browser, false);
        Optional<String> refused = s.join(c, f.clientAddr(), f.origin());
        if (refused.isPresent()) {
            browser.close(Closing.of(Refusal.CHANNEL_REFUSED, refused.get()));
            return;
        }
        opened(c, s, k);
    }

    /** The channel is part of its session; a browser that left meanwhile takes it along. */
    private void opened(SpiceChannel c, ConsoleConnection s, String k) {
        session = s;
        key = k;
        channel = c;
        if (browserGone) {
            depart(Closing.normal("closed by the browser while opening"));
        }
    }

    @OnMessage(maxMessageSize = MAX_MESSAGE_BYTES)
    public void onMessage(ByteBuffer data) {
        if (!early.offer(data, this::feed)) {
            // more than a SPICE link before the channel opened: no SPICE client does that
            browser.close(Closing.of(Refusal.NOT_SPICE, null, "more than a SPICE link before the channel opened"));
        }
    }

    private void feed(ByteBuffer data) {
        SpiceChannel c = channel;
        ConsoleConnection s = session;
        if (c != null && s != null) {
            c.fromBrowser(data, SpiceChannel.Upstream.TCP, task -> threads.start("spice-" + s.sessionId(), task));
        }
    }

    @OnClose
    public void onClose(Session ws, CloseReason reason) {
        browserGone = true;
        depart(Closing.normal("closed by the browser (" + reason.getCloseCode().getCode() + ")"));
    }

    @OnError
    public void onError(Session ws, Throwable error) {
        LOG.log(Level.WARNING, "SPICE WebSocket error", error);
        browserGone = true;
        depart(Closing.of(Refusal.WEBSOCKET_FAILED, "the SPICE connection failed", "WebSocket error: " + error));
    }

    /** Once per WebSocket: closes the channel; the main channel takes the session along; the last one ends it. */
    private void depart(Closing why) {
        SpiceChannel c = channel;
        ConsoleConnection s = session;
        if (c == null || s == null || !departed.compareAndSet(false, true)) {
            return;
        }
        c.close(why);
        boolean last = s.leave(c);
        if (c.first() || c.main()) {
            s.close(Closing.normal("the SPICE main channel closed"));
        }
        if (last) {
            registry.finish(s, why);
            String k = key;
            if (k != null) {
                spice.release(k);
            }
        }
    }
}
