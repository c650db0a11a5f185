package org.vdi.console.tunnel;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.apache.guacamole.GuacamoleClientException;
import org.apache.guacamole.GuacamoleConnectionClosedException;
import org.apache.guacamole.GuacamoleException;
import org.apache.guacamole.io.GuacamoleReader;
import org.apache.guacamole.io.GuacamoleWriter;
import org.apache.guacamole.net.GuacamoleTunnel;
import org.apache.guacamole.protocol.GuacamoleInstruction;
import org.apache.guacamole.protocol.GuacamoleStatus;
import org.vdi.console.api.Refusal;
import org.vdi.console.gateway.InProcessWriter;

/**
 * Moves the Guacamole protocol between the browser and guacd, as
 * guacamole-common's WebSocket tunnel does: browser to guacd instruction by
 * instruction, checked and bounded, with the tunnel's own pings answered here;
 * guacd to browser on a thread of its own, batching what is ready into one
 * frame. To the built-in gateway in this process, the instructions go as
 * scanned here, so the browser's text is parsed once.
 */
final class ConsolePump {

    private static final Logger LOG = Logger.getLogger(ConsolePump.class.getName());

    /** Tunnel-internal instructions have an empty opcode and never reach guacd. */
    static final String INTERNAL = GuacamoleTunnel.INTERNAL_DATA_OPCODE;
    static final String PING = "ping";
    /** Sent by the browser on its own, without the user doing anything: no activity. */
    static final Set<String> PASSIVE = Set.of("sync", "nop", "ack", "disconnect");
    private static final int BUFFER = 8192;

    private final ConsoleConnection connection;
    private final GuacamoleTunnel tunnel;
    private final BrowserChannel browser;
    private final InstructionScanner scanner;
    /** True when the tunnel leads to guacd over TCP, false for the built-in gateway in this process. */
    private final boolean viaGuacd;

    ConsolePump(ConsoleConnection connection, GuacamoleTunnel tunnel, BrowserChannel browser,
            InstructionScanner scanner, boolean viaGuacd) {
        this.connection = connection;
        this.tunnel = tunnel;
        this.browser = browser;
        this.scanner = scanner;
        this.viaGuacd = viaGuacd;
    }

    /** Browser to guacd; on the container's thread for the message. */
    void fromBrowser(String message) {
        if (connection.closing()) {
            return;
        }
        connection.countIn(Utf8.length(message));
        List<InstructionScanner.Instruction> instructions;
        try {
            instructions = scanner.feed(message);
        } catch (InstructionScanner.Refused e) {
            connection.close(Closing.of(e.status(), "the console was closed: the browser sent " + e.getMessage()));
            return;
        }
        List<InstructionScanner.Instruction> forward = new ArrayList<>(instructions.size());
        for (InstructionScanner.Instruction i : instructions) {
            if (INTERNAL.equals(i.opcode())) {
                internal(i);
            } else {
                if (!PASSIVE.contains(i.opcode())) {
                    connection.input();
                }
                forward.add(i);
            }
        }
        if (!forward.isEmpty()) {
            write(forward, message.length());
        }
    }

    private void internal(InstructionScanner.Instruction i) {
        List<String> args = i.args();
        if (args.size() >= 2 && PING.equals(args.get(0))) {
            String pong = new GuacamoleInstruction(INTERNAL, PING, args.get(1)).toString();
            try {
                browser.send(pong);
                connection.countOut(Utf8.length(pong));
            } catch (IOException e) {
                LOG.log(Level.FINE, "Cannot answer a tunnel ping", e);
            }
        }
    }

    private void write(List<InstructionScanner.Instruction> instructions, int sizeHint) {
        GuacamoleWriter writer = tunnel.acquireWriter();
        try {
            if (writer instanceof InProcessWriter parsed) {
                // the built-in gateway in this process takes the scanned instructions as they are:
                // the browser's text is parsed once, here
                parsed.writeInstructions(instructions.stream()
                        .map(i -> new GuacamoleInstruction(i.opcode(), i.args())).toList());
            } else {
                StringBuilder text = new StringBuilder(sizeHint);
                for (InstructionScanner.Instruction i : instructions) {
                    text.append(i.raw());
                }
                char[] chars = new char[text.length()];
                text.getChars(0, chars.length, chars, 0);
                writer.write(chars);
            }
        } catch (GuacamoleConnectionClosedException e) {
            connection.close(Closing.normal("the desktop's display closed the connection"));
        } catch (GuacamoleException e) {
            connection.close(new Closing(GuacamoleStatus.UPSTREAM_ERROR, "the connection to the desktop failed",
                    "writing to guacd failed: " + e.getMessage()));
        } finally {
            tunnel.releaseWriter();
        }
    }

    /**
     * How a stream from upstream that simply ended closes the console. guacd ends a console it
     * gives up on (the desktop's display went, a refused password) with an {@code error} or
     * {@code disconnect} instruction, which the browser has by now. A guacd whose stream stops
     * without one was killed or restarted: the console service went away, not the desktop, and
     * the user is told so (and the session record keeps that code).
     */
    private Closing ended(boolean saidGoodbye, String how) {
        if (viaGuacd && !saidGoodbye) {
            return Closing.of(Refusal.CONSOLE_SERVICE_UNAVAILABLE, null,
                    Refusal.CONSOLE_SERVICE_UNAVAILABLE.code() + ": guacd ended the console without an error or"
                            + " disconnect instruction (" + how + ")");
        }
        return Closing.normal("the desktop's display closed the connection");
    }

    /** guacd to browser, until either side ends; runs on the console's own thread. */
    void toBrowser() {
        GuacamoleReader reader = tunnel.acquireReader();
        StringBuilder buffer = new StringBuilder(BUFFER);
        boolean saidGoodbye = false;
        try {
            char[] chunk;
            while ((chunk = reader.read()) != null) {
                saidGoodbye |= viaGuacd && Goodbye.in(chunk);
                buffer.append(chunk);
                if (!reader.available() || buffer.length() >= BUFFER) {
                    browser.send(buffer.toString());
                    connection.countOut(Utf8.length(buffer));
                    buffer.setLength(0);
                }
            }
            // what came last (often guacd's error instruction) goes out before the close
            if (!buffer.isEmpty()) {
                browser.send(buffer.toString());
                connection.countOut(Utf8.length(buffer));
            }
            connection.close(ended(saidGoodbye, "its stream ended"));
        } catch (GuacamoleConnectionClosedException e) {
            connection.close(ended(saidGoodbye, e.getMessage()));
        } catch (GuacamoleClientException e) {
            connection.close(Closing.of(e.getStatus(), e.getMessage()));
        } catch (GuacamoleException e) {
            if (!connection.closing()) {
                LOG.log(Level.WARNING, "Console session {0}: guacd connection failed: {1}",
                        new Object[] {connection.sessionId(), e.getMessage()});
            }
            connection.close(new Closing(e.getStatus(), "the connection to the desktop was lost",
                    "guacd connection failed: " + e.getMessage()));
        } catch (IOException e) {
            connection.close(Closing.normal("the browser went away"));
        } finally {
            tunnel.releaseReader();
        }
    }
}
