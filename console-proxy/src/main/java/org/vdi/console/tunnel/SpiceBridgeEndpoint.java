package org.vdi.console.tunnel;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
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
import org.vdi.console.broker.BrokerClient;
import org.vdi.console.broker.BrokerRefusal;
import org.vdi.console.broker.Redemption;
import org.vdi.console.config.ConsoleSettings;

/**
 * The SPICE bridge at {@code /console/spice} for spice-html5: WebSocket
 * (subprotocol "binary") to the desktop's SPICE port over TCP, one WebSocket
 * per SPICE channel, all with the ticket in the query parameter {@code ticket}.
 *
 * <p>Opening checks, in this order, before any TCP connection to the desktop:
 * the page's Origin; the ticket: the first WebSocket redeems it at the broker
 * (once, atomically) and opens the SPICE session, later ones join that session
 * while it is open (see {@link SpiceSession} for who may join); the user's
 * console cap. The desktop is connected when the channel's first bytes are a
 * SPICE link for a channel the session admits. Refusals close the WebSocket
 * with a code and the user's message as the reason.
 *
 * <p>Closing: either side of a channel ending closes the other; the main
 * channel ending closes the whole session; the session ends (reported to the
 * broker with its traffic) when its last channel closed. Idle time is judged
 * per session, by user input on the inputs channel, by {@link SessionWatcher},
 * which also closes sessions an administrator terminated.
 */
@ServerEndpoint(value = "/spice", subprotocols = "binary", configurator = HandshakeConfigurator.class)
public class SpiceBridgeEndpoint {

    private static final Logger LOG = Logger.getLogger(SpiceBridgeEndpoint.class.getName());
    /** spice-html5 sends small messages (input, acks); far below this. */
    private static final int MAX_MESSAGE_BYTES = 256 * 1024;
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    static final String PROTOCOL = "spice";

    @Inject
    ConsoleSettings settings;

    @Inject
    AdmissionGate gate;

    private static final AdmissionGate.Words WORDS = new AdmissionGate.Words("SPICE",
            "the SPICE request could not be checked; open it again",
            "no SPICE ticket; open SPICE from the portal");

    @Inject
    BrokerClient broker;

    @Inject
    SessionRegistry registry;

    @Inject
    SpiceSessions spice;

    @Inject
    ConsoleThreads threads;

    // NOTE: one endpoint instance per WebSocket; the reader thread reads "channel" too
    private volatile SpiceChannel channel;
    private volatile SpiceSession session;
    private volatile String key;
    private final AtomicBoolean departed = new AtomicBoolean();

    @OnOpen
    public void onOpen(Session ws, EndpointConfig config) {
        WebSocketBinary browser = new WebSocketBinary(ws);
        // idle is judged per session by user input, not per channel (a cursor channel may be quiet for long)
        ws.setMaxIdleTimeout(0);
        ws.setMaxBinaryMessageBufferSize(MAX_MESSAGE_BYTES);
        Optional<HandshakeFacts> facts = HandshakeFacts.takeFrom(ws);
        String ticket = ClientInfo.single(ws.getRequestParameterMap(), "ticket");
        Optional<HandshakeFacts> admitted = gate.check(facts, ticket, browser::close, WORDS);
        if (admitted.isEmpty()) {
            return;
        }
        HandshakeFacts f = admitted.get();
        String k = SpiceSessions.key(ticket);
        AtomicReference<SpiceSession> slot = spice.claim(k);
        if (slot == null) {
            start(ws, browser, ticket, k, f);
        } else {
            join(browser, slot.get(), k, f);
        }
    }

    /** The first channel: redeems the ticket and opens the session. */
    private void start(Session ws, WebSocketBinary browser, String ticket, String k, HandshakeFacts f) {
        Redemption r;
        try {
            r = broker.redeem(ticket, f.clientAddr());
        } catch (BrokerRefusal e) {
            spice.release(k);
            Closing c = Refusals.closing(e);
            LOG.log(c.status() == GuacamoleStatus.SERVER_ERROR ? Level.WARNING : Level.FINE,
                    "SPICE ticket refused: {0}", c.reason());
            browser.close(c);
            return;
        }
        SpiceSession s = new SpiceSession(r, f.clientAddr(), f.origin());
        if (!PROTOCOL.equals(r.protocol())) {
            spice.release(k);
            refuseSession(s, browser, Closing.of(GuacamoleStatus.CLIENT_BAD_REQUEST, "this console ticket is not"
                    + " for SPICE"));
            return;
        }
        if (!registry.admit(s, settings.maxPerUser())) {
            spice.release(k);
            refuseSession(s, browser, Closing.of(GuacamoleStatus.CLIENT_TOO_MANY, "you already have "
                    + settings.maxPerUser() + " consoles open; close one first"));
            return;
        }
        SpiceChannel c = new SpiceChannel(s, browser, true);
        s.join(c, f.clientAddr(), f.origin());
        session = s;
        key = k;
        channel = c;
        spice.opened(k, s);
        LOG.log(Level.INFO, "SPICE session {0}: {1} on {2} ({3}:{4})",
                new Object[] {r.sessionId(), r.user(), r.desktopName(), r.host(), Integer.toString(r.port())});
    }

    private void refuseSession(SpiceSession s, WebSocketBinary browser, Closing why) {
        browser.close(why);
        s.close(why);
        registry.finish(s, why);
    }

    /** A further channel of an open session. */
    private void join(WebSocketBinary browser, SpiceSession s, String k, HandshakeFacts f) {
        if (s == null) {
            browser.close(Closing.of(GuacamoleStatus.CLIENT_UNAUTHORIZED, "this SPICE session is still opening; "
                    + "try again"));
            return;
        }
        SpiceChannel c = new SpiceChannel(s, browser, false);
        Optional<String> refused = s.join(c, f.clientAddr(), f.origin());
        if (refused.isPresent()) {
            browser.close(Closing.of(GuacamoleStatus.CLIENT_FORBIDDEN, refused.get()));
            return;
        }
        session = s;
        key = k;
        channel = c;
    }

    @OnMessage(maxMessageSize = MAX_MESSAGE_BYTES)
    public void onMessage(ByteBuffer data) {
        SpiceChannel c = channel;
        SpiceSession s = session;
        if (c != null && s != null) {
            c.fromBrowser(data, this::connect, task -> threads.start("spice-" + s.sessionId(), task));
        }
    }

    private Socket connect(String host, int port) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    @OnClose
    public void onClose(Session ws, CloseReason reason) {
        depart(Closing.normal("closed by the browser (" + reason.getCloseCode().getCode() + ")"));
    }

    @OnError
    public void onError(Session ws, Throwable error) {
        LOG.log(Level.WARNING, "SPICE WebSocket error", error);
        depart(new Closing(GuacamoleStatus.SERVER_ERROR, "the SPICE connection failed", "WebSocket error: "
                + error));
    }

    /** Once per WebSocket: closes the channel; the main channel takes the session along; the last one ends it. */
    private void depart(Closing why) {
        SpiceChannel c = channel;
        SpiceSession s = session;
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
