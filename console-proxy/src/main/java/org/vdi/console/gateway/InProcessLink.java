package org.vdi.console.gateway;

/**
 * The gateway's side of a session whose client is the tunnel in this process: parsed
 * instructions in, whole instructions out, both bounded ({@link QueuedInput},
 * {@link QueuedOutput}). {@link InProcessSocket} is the tunnel's side of the same pair.
 */
final class InProcessLink implements ClientLink {

    private final QueuedInput input = new QueuedInput(GatewaySession.HANDSHAKE_MAX_LENGTH,
            GatewaySession.MAX_ELEMENTS, GatewaySession.CLIENT_TIMEOUT_MS);
    private final QueuedOutput queue = new QueuedOutput();
    private final GuacOutput output = new GuacOutput(queue);

    @Override
    public void open() {
        // both directions exist from construction: the tunnel may write before the session runs
    }

    @Override
    public QueuedInput input() {
        return input;
    }

    @Override
    public GuacOutput output() {
        return output;
    }

    /** What the session sent, for the tunnel's reader. */
    QueuedOutput sent() {
        return queue;
    }

    @Override
    public void close() {
        queue.finish();
        input.close();
    }

    /** The tunnel's side closed: the session's next read sees the end, its next flush fails. */
    void closeFromClient() {
        input.finish();
        queue.close();
    }
}
