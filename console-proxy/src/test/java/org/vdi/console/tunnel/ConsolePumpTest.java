package org.vdi.console.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;

import org.apache.guacamole.io.GuacamoleReader;
import org.apache.guacamole.io.ReaderGuacamoleReader;
import org.apache.guacamole.io.GuacamoleWriter;
import org.apache.guacamole.net.AbstractGuacamoleTunnel;
import org.apache.guacamole.net.GuacamoleSocket;
import org.apache.guacamole.protocol.GuacamoleInstruction;
import org.apache.guacamole.protocol.GuacamoleStatus;
import org.junit.jupiter.api.Test;
import org.vdi.console.api.Redemption;
import org.vdi.console.metrics.ConsoleTraffic;

/** The browser-to-guacd direction: what passes, what is answered here, and what closes the console. */
class ConsolePumpTest {

    /** What the fake browser received and how it was closed. */
    private final List<String> sent = new ArrayList<>();
    private CloseReason closed;
    private boolean open = true;
    /** What reached the fake guacd. */
    private final StringBuilder upstream = new StringBuilder();

    private ConsoleConnection connection;
    /** What the metrics were told, both ways. */
    private final long[] counted = new long[2];

    /** What the fake guacd sends towards the browser. */
    private String fromUpstream = "";

    private ConsolePump pump(int maxChars) {
        return pump(maxChars, false);
    }

    private ConsolePump pump(int maxChars, boolean viaGuacd) {
        RemoteEndpoint.Basic remote = (RemoteEndpoint.Basic) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {RemoteEndpoint.Basic.class}, (p, m, a) -> {
                    if (m.getName().equals("sendText") && a.length == 1) {
                        sent.add((String) a[0]);
                    }
                    return null;
                });
        Session session = (Session) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Session.class}, (p, m, a) -> switch (m.getName()) {
                    case "isOpen" -> open;
                    case "getBasicRemote" -> remote;
                    case "getId" -> "ws-1";
                    case "close" -> {
                        closed = (CloseReason) a[0];
                        open = false;
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        BrowserChannel browser = new BrowserChannel(session);
        Redemption r = new Redemption(UUID.randomUUID(), "vnc", "127.0.0.1", 5900, "secret12", UUID.randomUUID(),
                "demo-1", "alice", "sid", true);
        connection = new ConsoleConnection(r, browser, new ConsoleTraffic() {
            @Override
            public void in(long bytes) {
                counted[0] += bytes;
            }

            @Override
            public void out(long bytes) {
                counted[1] += bytes;
            }
        });
        FakeTunnel tunnel = new FakeTunnel();
        connection.attach(tunnel);
        return new ConsolePump(connection, tunnel, browser, new InstructionScanner(maxChars), viaGuacd);
    }

    @Test
    void passesInstructionsToGuacdAndCountsBytes() {
        ConsolePump p = pump(65536);
        p.fromBrowser("3.key,5.65293,1.1;");
        p.fromBrowser("4.sync,3.123;");
        assertEquals("3.key,5.65293,1.1;4.sync,3.123;", upstream.toString());
        assertTrue(sent.isEmpty());
        assertFalse(connection.closing());
        assertEquals(31, connection.finish(Closing.normal("x")).orElseThrow().bytesIn());
        assertEquals(31, counted[0], "the metrics count what the session's record counts");
    }

    @Test
    void answersTheTunnelPingItselfAndNeverForwardsIt() {
        ConsolePump p = pump(65536);
        p.fromBrowser("0.,4.ping,13.1700000000000;");
        assertEquals("", upstream.toString(), "internal instructions never reach guacd");
        assertEquals(List.of(new GuacamoleInstruction("", "ping", "1700000000000").toString()), sent);
    }

    @Test
    void anOversizedInstructionClosesTheConsoleWithAClearError() {
        ConsolePump p = pump(8192);
        p.fromBrowser("4.blob,1.0,9000." + "A".repeat(9000) + ";");
        assertEquals("", upstream.toString(), "nothing of it reaches guacd");
        assertNotNull(closed);
        assertEquals(GuacamoleStatus.CLIENT_OVERRUN.getWebSocketCode(), closed.getCloseCode().getCode());
        assertEquals(Integer.toString(GuacamoleStatus.CLIENT_OVERRUN.getGuacamoleStatusCode()),
                closed.getReasonPhrase());
        assertTrue(sent.get(0).startsWith("5.error,"), sent.toString());
        assertTrue(sent.get(0).contains("longer than 8192"), sent.toString());
        p.fromBrowser("4.sync,3.123;");
        assertEquals("", upstream.toString(), "a closing console forwards nothing more");
    }

    @Test
    void aMalformedInstructionClosesTheConsole() {
        ConsolePump p = pump(65536);
        p.fromBrowser("4.sync,3.12x4;");
        assertEquals("", upstream.toString());
        assertEquals(GuacamoleStatus.CLIENT_BAD_REQUEST.getWebSocketCode(), closed.getCloseCode().getCode());
        assertTrue(sent.get(0).contains("malformed"), sent.toString());
    }

    @Test
    void onlyUserInputCountsAsActivity() {
        ConsolePump p = pump(65536);
        assertTrue(connection.takeActivity(), "opening counts once");
        p.fromBrowser("4.sync,3.123;0.,4.ping,1.1;");
        assertFalse(connection.takeActivity(), "sync and ping are no input");
        p.fromBrowser("5.mouse,1.1,1.2,1.0;");
        assertTrue(connection.takeActivity());
    }

    @Test
    void aGuacdStreamThatStopsWithoutAWordClosesTheConsoleAsServiceUnavailable() {
        // guacd killed mid-session: frames, then nothing, no error instruction
        fromUpstream = "4.sync,3.100;4.size,1.0,3.720,3.400;";
        ConsolePump p = pump(65536, true);
        p.toBrowser();
        assertEquals(GuacamoleStatus.SERVER_ERROR.getWebSocketCode(), closed.getCloseCode().getCode());
        String last = sent.get(sent.size() - 1);
        assertTrue(last.startsWith("5.error,") && last.contains("console service is unavailable"), sent.toString());
        LiveConsole.Ended ended = connection.finish(Closing.normal("x")).orElseThrow();
        assertTrue(ended.reason().contains("guacd ended the console without an error"), ended.reason());
    }

    @Test
    void aGuacdStreamThatEndsWithItsOwnErrorIsAnOrdinaryEnd() {
        // guacd aborting because the desktop's display went away: its error reached the browser
        fromUpstream = "4.sync,3.100;5.error,18.Connection closed.,3.514;10.disconnect;";
        ConsolePump p = pump(65536, true);
        p.toBrowser();
        assertEquals(CloseReason.CloseCodes.NORMAL_CLOSURE.getCode(), closed.getCloseCode().getCode());
        assertTrue(String.join("", sent).contains("18.Connection closed."), sent.toString());
    }

    @Test
    void theBuiltInGatewaysEndIsAnOrdinaryEnd() {
        fromUpstream = "4.sync,3.100;";
        ConsolePump p = pump(65536, false);
        p.toBrowser();
        assertEquals(CloseReason.CloseCodes.NORMAL_CLOSURE.getCode(), closed.getCloseCode().getCode());
    }

    private final class FakeTunnel extends AbstractGuacamoleTunnel {

        private final UUID id = UUID.randomUUID();
        private boolean tunnelOpen = true;
        private final GuacamoleSocket socket = socket();

        @Override
        public UUID getUUID() {
            return id;
        }

        @Override
        public GuacamoleSocket getSocket() {
            return socket;
        }

        private GuacamoleSocket socket() {
            return new GuacamoleSocket() {
                private final GuacamoleReader reader = new ReaderGuacamoleReader(new StringReader(fromUpstream));

                @Override
                public GuacamoleReader getReader() {
                    return reader;
                }

                @Override
                public GuacamoleWriter getWriter() {
                    return new GuacamoleWriter() {
                        @Override
                        public void write(char[] chunk, int offset, int length) {
                            upstream.append(chunk, offset, length);
                        }

                        @Override
                        public void write(char[] chunk) {
                            upstream.append(chunk);
                        }

                        @Override
                        public void writeInstruction(GuacamoleInstruction instruction) {
                            upstream.append(instruction.toString());
                        }
                    };
                }

                @Override
                public void close() {
                    tunnelOpen = false;
                }

                @Override
                public boolean isOpen() {
                    return tunnelOpen;
                }
            };
        }
    }
}
