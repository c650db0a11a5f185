package org.vdi.console.gateway;

/**
 * Where the built-in guacd-compatible gateway listens. The tunnel connects here, with
 * the same handshake as to a real guacd, whenever no guacd host is configured
 * ({@code GuacdSettings.host()} is empty).
 */
public interface GatewayAddress {

    /** The loopback address the gateway is bound to. */
    String host();

    /**
     * The bound TCP port (an ephemeral one unless {@code vdi.gateway.port} is set).
     *
     * @throws IllegalStateException when a guacd host is configured, so the gateway does not run
     */
    int port();
}
