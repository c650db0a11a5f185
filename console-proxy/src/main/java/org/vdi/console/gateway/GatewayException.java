package org.vdi.console.gateway;

import org.apache.guacamole.GuacamoleException;
import org.apache.guacamole.protocol.GuacamoleStatus;

/**
 * The one failure of the built-in gateway. It carries the Guacamole status that the
 * session ends with, so the browser learns whether the desktop, the request or the
 * gateway was at fault, and it is a {@link GuacamoleException} so the tunnel code can
 * treat it like any failure reported by guacd.
 */
public class GatewayException extends GuacamoleException {

    private static final long serialVersionUID = 1L;

    private final GuacamoleStatus status;

    public GatewayException(GuacamoleStatus status, String message) {
        super(message);
        this.status = status;
    }

    public GatewayException(GuacamoleStatus status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** A malformed or oversized message from the VNC server: the desktop's fault, not the browser's. */
    static GatewayException upstream(String message) {
        return new GatewayException(GuacamoleStatus.UPSTREAM_ERROR, message);
    }

    /** A malformed or oversized instruction from the Guacamole client. */
    static GatewayException badRequest(String message) {
        return new GatewayException(GuacamoleStatus.CLIENT_BAD_REQUEST, message);
    }

    @Override
    public GuacamoleStatus getStatus() {
        return status;
    }
}
