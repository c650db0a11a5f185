package org.vdi.console.health;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.vdi.console.config.GuacdSettings;
import org.vdi.console.gateway.BuiltInGateway;
import org.vdi.console.tunnel.UpstreamConnector;

/**
 * "guacd": the configured guacd accepts TCP connections, or the built-in gateway
 * serves, with its sessions and whether its TCP listener is bound (only with
 * {@code vdi.gateway.listen}; the tunnel reaches the gateway in-process).
 */
@Readiness
@ApplicationScoped
public class GuacdHealthCheck implements HealthCheck {

    @Inject
    GuacdSettings settings;

    @Inject
    BuiltInGateway gateway;

    @Inject
    UpstreamConnector upstream;

    /** Anyone may ask /health: the status only; the details go to administrators ({@link #details()}). */
    @Override
    public HealthCheckResponse call() {
        HealthCheckResponse d = details();
        return HealthCheckResponse.named(d.getName()).status(d.getStatus() == HealthCheckResponse.Status.UP).build();
    }

    /** The check with its data: which upstream, its address, the protocol of the last handshake. */
    public HealthCheckResponse details() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("guacd");
        if (settings.host().isEmpty()) {
            return b.up().withData("mode", "built-in gateway").withData("sessions", gateway.sessions())
                    .withData("tcpListener", gateway.tcpListenerBound()).build();
        }
        String host = settings.host().get();
        b.withData("mode", "guacd").withData("address", host + ":" + settings.port());
        upstream.protocolVersion().ifPresent(v -> b.withData("protocol", v));
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, settings.port()), 2000);
            return b.up().build();
        } catch (IOException e) {
            return b.down().withData("reason", "cannot connect: " + e.getMessage()).build();
        }
    }
}
