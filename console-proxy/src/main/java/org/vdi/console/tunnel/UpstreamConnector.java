package org.vdi.console.tunnel;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.apache.guacamole.GuacamoleException;
import org.apache.guacamole.GuacamoleServerException;
import org.apache.guacamole.net.GuacamoleSocket;
import org.apache.guacamole.net.GuacamoleTunnel;
import org.apache.guacamole.net.InetGuacamoleSocket;
import org.apache.guacamole.net.SimpleGuacamoleTunnel;
import org.apache.guacamole.protocol.ConfiguredGuacamoleSocket;
import org.apache.guacamole.protocol.GuacamoleClientInformation;
import org.apache.guacamole.protocol.GuacamoleConfiguration;
import org.vdi.console.api.Redemption;
import org.vdi.console.config.ConsoleSettings;
import org.vdi.console.config.GuacdSettings;
import org.vdi.console.gateway.BuiltInGateway;

/**
 * Opens the tunnel to the desktop's display: to guacd over TCP when one is
 * configured ({@code vdi.guacd.host}), else to the built-in gateway in this
 * process, through an in-process socket (no TCP, no second parse). Both speak
 * the guacd protocol, so the handshake (select, args, size, audio, video,
 * image, timezone, connect, ready) is guacamole-common's own either way.
 */
@ApplicationScoped
public class UpstreamConnector {

    @Inject
    GuacdSettings guacd;

    @Inject
    Instance<BuiltInGateway> gateway;

    @Inject
    ConsoleSettings settings;

    /** The protocol version of the last completed handshake (guacd's, or the gateway's), for health. */
    private volatile String protocolVersion;

    /** The major version of the Guacamole protocol console-proxy (guacamole-common 1.x) speaks. */
    static final int PROTOCOL_MAJOR = 1;

    /**
     * Connects and completes the handshake; the display's password goes to guacd only.
     *
     * @throws GuacdUnavailableException when guacd cannot be reached, breaks off the handshake or
     *         speaks another major protocol version
     */
    GuacamoleTunnel connect(Redemption r, GuacamoleClientInformation info) throws GuacamoleException {
        if (guacd.host().isPresent()) {
            return connectGuacd(guacd.host().get(), guacd.port(), r, info);
        }
        GuacamoleSocket socket;
        if (gateway.isResolvable()) {
            // NOTE: the handshake blocks the caller until the gateway's session thread answers
            socket = gateway.get().open();
        } else {
            throw new GuacamoleServerException("no guacd is configured (vdi.guacd.host) and the built-in gateway"
                    + " is not available");
        }
        try {
            ConfiguredGuacamoleSocket configured = new ConfiguredGuacamoleSocket(socket,
                    configuration(r, settings.lossy()), info);
            protocolVersion = String.valueOf(configured.getProtocolVersion());
            return new SimpleGuacamoleTunnel(configured);
        } catch (GuacamoleException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private GuacamoleTunnel connectGuacd(String host, int port, Redemption r, GuacamoleClientInformation info)
            throws GuacamoleException {
        GuacamoleSocket socket;
        try {
            // NOTE: blocks the caller for the TCP connect and the handshake (guacd answers in milliseconds)
            socket = new VersionCheckedSocket(new InetGuacamoleSocket(host, port), PROTOCOL_MAJOR, host + ":" + port);
        } catch (GuacamoleException e) {
            throw new GuacdUnavailableException("cannot connect to guacd at " + host + ":" + port + ": "
                    + e.getMessage(), e);
        }
        try {
            ConfiguredGuacamoleSocket configured = new ConfiguredGuacamoleSocket(socket,
                    configuration(r, settings.lossy()), info);
            protocolVersion = String.valueOf(configured.getProtocolVersion());
            return new SimpleGuacamoleTunnel(configured);
        } catch (GuacdUnavailableException e) {
            socket.close();
            throw e;
        } catch (GuacamoleException | RuntimeException e) {
            socket.close();
            throw new GuacdUnavailableException("the handshake with guacd at " + host + ":" + port + " failed: "
                    + e.getMessage(), e);
        }
    }

    static GuacamoleConfiguration configuration(Redemption r, boolean lossy) {
        GuacamoleConfiguration c = new GuacamoleConfiguration();
        c.setProtocol(r.protocol());
        // lossless unless allowed: guacd (and the built-in gateway) would otherwise send
        // JPEG for busy regions
        c.setParameter("force-lossless", Boolean.toString(!lossy));
        c.setParameter("hostname", r.host());
        c.setParameter("port", Integer.toString(r.port()));
        c.setParameter("password", r.password());
        // one attempt: a display password expires within seconds, so a refused one stays refused;
        // guacd would otherwise wait and retry, and the user would watch a console that never opens
        // (guacd's default is 0 as well; said here so a changed default cannot bring the loop)
        c.setParameter("autoretry", "0");
        if (!r.clipboard()) {
            c.setParameter("disable-copy", "true");
            c.setParameter("disable-paste", "true");
        }
        return c;
    }

    /** The Guacamole protocol version the last console's handshake agreed on; empty before the first. */
    public java.util.Optional<String> protocolVersion() {
        return java.util.Optional.ofNullable(protocolVersion);
    }

    /** True when consoles go to guacd over TCP rather than to the built-in gateway. */
    boolean viaGuacd() {
        return guacd.host().isPresent();
    }

    /** Where consoles go, for logs and health: "guacd host:port" or "built-in gateway". */
    String describe() {
        return guacd.host().map(h -> "guacd " + h + ":" + guacd.port()).orElse("built-in gateway");
    }
}
