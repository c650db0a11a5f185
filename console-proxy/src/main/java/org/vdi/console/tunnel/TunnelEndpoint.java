package org.vdi.console.tunnel;

import java.io.IOException;
import java.util.Optional;
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

import org.apache.guacamole.GuacamoleException;
import org.apache.guacamole.net.GuacamoleTunnel;
import org.apache.guacamole.protocol.ConfiguredGuacamoleSocket;
import org.apache.guacamole.protocol.GuacamoleClientInformation;
import org.apache.guacamole.protocol.GuacamoleInstruction;
import org.apache.guacamole.protocol.GuacamoleStatus;
import org.vdi.console.api.ConsoleBroker;
import org.vdi.console.api.ConsoleRefusedException;
import org.vdi.console.api.Redemption;
import org.vdi.console.api.Refusal;
import org.vdi.console.config.ConsoleSettings;
import org.vdi.console.metrics.ConsoleMetrics;

/**
 * The console tunnel at {@code /console/tunnel}, for guacamole-common-js's
 * WebSocketTunnel (subprotocol "guacamole"). Modelled on guacamole-common's
 * GuacamoleWebSocketTunnelEndpoint, which is javax.websocket only.
 *
 * <p>Opening checks, in this order, before anything upstream is contacted:
 * the page's Origin, the ticket (query parameter {@code ticket}), its
 * redemption by the broker, and the user's console cap here; only then
 * guacd (or the built-in gateway) is connected. Every refusal closes the
 * socket with a Guacamole {@code error} instruction the user can read and the
 * matching WebSocket close code; the broker audits refused tickets.
 */
@ServerEndpoint(value = "/console/tunnel", subprotocols = "guacamole", configurator = HandshakeConfigurator.class)
public class TunnelEndpoint {

    private static final Logger LOG = Logger.getLogger(TunnelEndpoint.class.getName());
    /** Room for several instructions of the largest allowed size in one frame. */
    private static final int MAX_MESSAGE_CHARS = 4 * (1 << 20);

    @Inject
    ConsoleSettings settings;

    @Inject
    AdmissionGate gate;

    private static final AdmissionGate.Words WORDS = new AdmissionGate.Words("Console",
            "the console request could not be checked; open the console again",
            "no console ticket; open the console from the portal");

    @Inject
    ConsoleBroker broker;

    @Inject
    SessionRegistry registry;

    @Inject
    UpstreamConnector upstream;

    @Inject
    ConsoleThreads threads;

    @Inject
    ConsoleMetrics metrics;

    // NOTE: one endpoint instance per WebSocket; onOpen, onMessage and onClose of one
    // connection never run at the same time, but the reader thread reads "pump" too
    private volatile ConsoleConnection connection;
    private volatile ConsolePump pump;
    private volatile boolean browserGone;

    @OnOpen
    public void onOpen(Session session, EndpointConfig config) {
        BrowserChannel browser = BrowserChannel.opening(session, BrowserChannel.Telling.GUACAMOLE);
        // NOTE: no container idle timeout (the session stays at the container's default, none):
        // idle consoles are closed by SessionWatcher, by user input and with a message. Tyrus
        // (Payara 6) schedules an idle check at once when a session is created without a timeout,
        // and that check closes the session as "idle" if it runs after a timeout was set here:
        // under load it did, within a second of opening ("Session closed by the container because
        // of the idle timeout.", code 1000, before the console's own refusal or "ready").
        session.setMaxTextMessageBufferSize(Math.min(MAX_MESSAGE_CHARS, 4 * settings.maxInstructionChars()));
        Optional<HandshakeFacts> facts = HandshakeFacts.takeFrom(session);
        String ticket = ClientInfo.single(session.getRequestParameterMap(), "ticket");
        GuacamoleClientInformation info = ClientInfo.from(session.getRequestParameterMap());
        // NOTE: the checks, the broker's redemption and the upstream handshake run on the
        // console's own thread, which then carries guacd's output to the browser. Nothing
        // that may close the socket runs on the container's thread inside onOpen: Payara
        // (Tyrus over Grizzly) recycles the upgrade request when the socket closes before
        // the upgrade has returned, and the next request on that object then fails or is
        // answered with another's response.
        threads.start("console-" + session.getId(), () -> {
            try {
                admit(browser, facts, ticket, info);
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "Opening a console failed", e);
                ConsoleConnection c = connection;
                Closing failed = Closing.of(Refusal.CONSOLE_FAILED, null, "console-proxy failed: " + e);
                if (c != null) {
                    c.close(failed);
                    registry.finish(c, failed);
                } else {
                    browser.close(failed);
                }
            }
        });
        browser.opened();
    }

    private void admit(BrowserChannel browser, Optional<HandshakeFacts> facts, String ticket,
            GuacamoleClientInformation info) {
        Optional<HandshakeFacts> admitted = gate.check(facts, ticket, browser::close, WORDS);
        if (admitted.isEmpty()) {
            return;
        }
        HandshakeFacts f = admitted.get();
        Redemption r;
        try {
            r = broker.redeem(ticket, f.clientAddr());
        } catch (ConsoleRefusedException e) {
            gate.redeemRefused(f, e);
            Closing c = Closing.refused(e);
            LOG.log(c.status() == GuacamoleStatus.SERVER_ERROR ? Level.WARNING : Level.FINE,
                    "Console ticket refused: {0}", c.reason());
            browser.close(c);
            return;
        }
        ConsoleConnection c = new ConsoleConnection(r, browser, metrics);
        if (!"vnc".equals(r.protocol())) {
            metrics.ticketRefused(Refusal.WRONG_PROTOCOL);
            // a SPICE ticket belongs to the SPICE bridge; the broker already recorded the session: end it
            c.close(Closing.of(Refusal.WRONG_PROTOCOL, "this console ticket is for SPICE in the browser"));
            registry.finish(c, null);
            return;
        }
        if (!registry.admit(c, settings.maxPerUser())) {
            metrics.ticketRefused(Refusal.TOO_MANY_CONSOLES);
            c.close(Closing.of(Refusal.TOO_MANY_CONSOLES, "you already have " + settings.maxPerUser()
                    + " consoles open; close one first"));
            registry.finish(c, null);
            return;
        }
        connection = c;
        if (browserGone) {
            // the browser left while the ticket was redeemed: the session ends at once
            registry.finish(c, Closing.normal("closed by the browser while opening"));
            return;
        }
        open(c, r, browser, info);
    }

    private void open(ConsoleConnection c, Redemption r, BrowserChannel browser, GuacamoleClientInformation info) {
        GuacamoleTunnel tunnel;
        try {
            tunnel = upstream.connect(r, info);
        } catch (GuacdUnavailableException e) {
            LOG.log(Level.WARNING, "Console session {0}: the console service is unavailable: {1}",
                    new Object[] {r.sessionId(), e.getMessage()});
            c.close(Closing.of(Refusal.CONSOLE_SERVICE_UNAVAILABLE, null,
                    Refusal.CONSOLE_SERVICE_UNAVAILABLE.code() + ": " + e.getMessage()));
            return;
        } catch (GuacamoleException e) {
            LOG.log(Level.WARNING, "Console session {0}: cannot connect to {1}: {2}",
                    new Object[] {r.sessionId(), upstream.describe(), e.getMessage()});
            c.close(new Closing(e.getStatus(), Refusal.DISPLAY_UNREACHABLE.message(),
                    "connecting to " + upstream.describe() + " failed: " + e.getMessage()));
            return;
        }
        c.attach(tunnel);
        ConsolePump p = new ConsolePump(c, tunnel, browser, new InstructionScanner(settings.maxInstructionChars()),
                upstream.viaGuacd());
        pump = p;
        try {
            // as Guacamole's tunnel: the tunnel's id first; then "ready" with guacd's connection id,
            // which the handshake consumed, so the browser knows the display is connected
            String hello = new GuacamoleInstruction(GuacamoleTunnel.INTERNAL_DATA_OPCODE,
                    tunnel.getUUID().toString()).toString()
                    + new GuacamoleInstruction("ready", connectionId(tunnel)).toString();
            browser.send(hello);
            c.countOut(Utf8.length(hello));
        } catch (IOException e) {
            c.close(Closing.normal("the browser went away while connecting"));
            return;
        }
        LOG.log(Level.INFO, "Console session {0}: {1} on {2} through {3}",
                new Object[] {r.sessionId(), r.user(), r.desktopName(), upstream.describe()});
        p.toBrowser();
    }

    private static String connectionId(GuacamoleTunnel tunnel) {
        return tunnel.getSocket() instanceof ConfiguredGuacamoleSocket s && s.getConnectionID() != null
                ? s.getConnectionID() : "";
    }

    @OnMessage(maxMessageSize = MAX_MESSAGE_CHARS)
    public void onMessage(String message) {
        ConsolePump p = pump;
        if (p != null) {
            p.fromBrowser(message);
        }
    }

    @OnClose
    public void onClose(Session session, CloseReason reason) {
        browserGone = true;
        ConsoleConnection c = connection;
        if (c != null) {
            registry.finish(c, Closing.normal("closed by the browser (" + reason.getCloseCode().getCode() + ")"));
        }
    }

    @OnError
    public void onError(Session session, Throwable error) {
        LOG.log(Level.FINE, "Console WebSocket error", error);
        browserGone = true;
        ConsoleConnection c = connection;
        if (c != null) {
            c.close(Closing.of(Refusal.WEBSOCKET_FAILED, null, "WebSocket error: " + error));
            registry.finish(c, null);
        }
    }
}
