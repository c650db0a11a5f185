package org.vdi.console.gateway;

import java.io.IOException;

import org.apache.guacamole.protocol.GuacamoleInstruction;

/**
 * Where a session's instructions from the Guacamole client come from: parsed from a
 * TCP stream ({@link InstructionReader}) or handed over already parsed by the tunnel in
 * this process ({@link QueuedInput}). Either way the same bounds hold.
 */
interface InstructionSource {

    /**
     * The next instruction, or null when the client ended the stream between instructions.
     *
     * @throws GatewayException a malformed, oversized or late (timed out) instruction
     * @throws IOException      the stream failed; a {@code SocketTimeoutException} when the client went quiet
     */
    GuacamoleInstruction read() throws IOException, GatewayException;

    /** Raises or lowers the bound once the handshake is over (clipboard blobs are larger). */
    void maxLength(int maxLength);
}
