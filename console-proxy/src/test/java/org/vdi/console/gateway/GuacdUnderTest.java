package org.vdi.console.gateway;

import java.io.IOException;

/**
 * The guacd an integration test's Guacamole client talks to: the built-in gateway,
 * started in the test's JVM, or, when {@code VDI_CONSOLE_UPSTREAM=guacd}, the real guacd
 * that {@code ./vdi test} runs for its guacd round (127.0.0.1:{@code VDI_GUACD_PORT}).
 * The same assertions then hold both implementations of the protocol to the same
 * behaviour, without a copy of the test.
 */
final class GuacdUnderTest implements AutoCloseable {

    private final GuacdServer gateway;
    private final String host;
    private final int port;

    private GuacdUnderTest(GuacdServer gateway, String host, int port) {
        this.gateway = gateway;
        this.host = host;
        this.port = port;
    }

    /** Starts the built-in gateway, or points at the round's guacd. */
    static GuacdUnderTest start() throws IOException {
        if (realGuacd()) {
            String port = System.getenv("VDI_GUACD_PORT");
            if (port == null || !port.matches("\\d+")) {
                throw new IllegalStateException("VDI_CONSOLE_UPSTREAM=guacd needs VDI_GUACD_PORT, the port of the"
                        + " guacd that ./vdi test started (it exports it)");
            }
            return new GuacdUnderTest(null, "127.0.0.1", Integer.parseInt(port));
        }
        GuacdServer gateway = new GuacdServer(2, 1);
        gateway.start(0);
        return new GuacdUnderTest(gateway, gateway.host(), gateway.port());
    }

    /** True in the round against a real guacd. */
    static boolean realGuacd() {
        return "guacd".equals(System.getenv("VDI_CONSOLE_UPSTREAM"));
    }

    String host() {
        return host;
    }

    int port() {
        return port;
    }

    @Override
    public String toString() {
        return (gateway == null ? "guacd" : "the built-in gateway") + " on " + host + ":" + port;
    }

    /** Stops the built-in gateway; the real guacd belongs to the test run and keeps running. */
    @Override
    public void close() {
        if (gateway != null) {
            gateway.close();
        }
    }
}
