package org.vdi.broker.config;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How the broker builds and runs desktops.
 *
 * <ul>
 * <li>{@code vdi.desktop.serial-log-dir} (VDI_DESKTOP_SERIAL_LOG_DIR): where libvirt logs
 * each desktop's serial console, as {@code <dir>/<desktop>.log}; unset: no serial log</li>
 * <li>{@code vdi.desktop.shutdown-timeout-seconds}: how long a guest may take to shut
 * down before it is powered off (default 30)</li>
 * <li>{@code vdi.monitor.interval-seconds}: pool monitor period (default 10)</li>
 * <li>{@code vdi.monitor.batch-size}: desktops one pool may create or rebuild per cycle (default 5)</li>
 * <li>{@code vdi.monitor.reconcile-every}: reconcile every n-th cycle (default 3)</li>
 * <li>{@code vdi.readiness.poll-seconds}: how often the guest agents of desktops that wait
 * to become ready are pinged (default 2)</li>
 * <li>{@code vdi.readiness.ping-timeout-seconds}: how long one ping may wait for an answer,
 * 1 to 30 (default 2)</li>
 * <li>{@code vdi.guest.poll-seconds}: how often the guest agents of running desktops (pools
 * with agent readiness) are asked who is logged in and which addresses the guest has
 * (default 5)</li>
 * <li>{@code vdi.guest.timeout-seconds}: how long each of those questions may wait for an
 * answer, 1 to 30 (default 2)</li>
 * <li>{@code vdi.node.name}: this broker node's name for pool leases (default: host name)</li>
 * </ul>
 */
@ApplicationScoped
public class DesktopConfig {

    @Inject
    @ConfigProperty(name = "vdi.desktop.serial-log-dir")
    Optional<String> serialLogDir;

    @Inject
    @ConfigProperty(name = "vdi.desktop.shutdown-timeout-seconds", defaultValue = "30")
    int shutdownTimeoutSeconds;

    @Inject
    @ConfigProperty(name = "vdi.monitor.interval-seconds", defaultValue = "10")
    int monitorIntervalSeconds;

    @Inject
    @ConfigProperty(name = "vdi.monitor.batch-size", defaultValue = "5")
    int monitorBatchSize;

    @Inject
    @ConfigProperty(name = "vdi.monitor.reconcile-every", defaultValue = "3")
    int reconcileEvery;

    @Inject
    @ConfigProperty(name = "vdi.readiness.poll-seconds", defaultValue = "2")
    int readinessPollSeconds;

    @Inject
    @ConfigProperty(name = "vdi.readiness.ping-timeout-seconds", defaultValue = "2")
    int readinessPingTimeoutSeconds;

    @Inject
    @ConfigProperty(name = "vdi.guest.poll-seconds", defaultValue = "5")
    int guestPollSeconds;

    @Inject
    @ConfigProperty(name = "vdi.guest.timeout-seconds", defaultValue = "2")
    int guestTimeoutSeconds;

    @Inject
    @ConfigProperty(name = "vdi.node.name")
    Optional<String> nodeName;

    public Optional<String> serialLogDir() {
        return serialLogDir.filter(s -> !s.isBlank());
    }

    public int shutdownTimeoutSeconds() {
        return Math.max(1, shutdownTimeoutSeconds);
    }

    public int monitorIntervalSeconds() {
        return Math.max(1, monitorIntervalSeconds);
    }

    public int monitorBatchSize() {
        return Math.max(1, monitorBatchSize);
    }

    public int reconcileEvery() {
        return Math.max(1, reconcileEvery);
    }

    public int readinessPollSeconds() {
        return Math.max(1, readinessPollSeconds);
    }

    public int readinessPingTimeoutSeconds() {
        return Math.max(1, Math.min(30, readinessPingTimeoutSeconds));
    }

    public int guestPollSeconds() {
        return Math.max(1, guestPollSeconds);
    }

    public int guestTimeoutSeconds() {
        return Math.max(1, Math.min(30, guestTimeoutSeconds));
    }

    public String nodeName() {
        return nodeName.filter(s -> !s.isBlank()).orElseGet(() -> {
            try {
                return java.net.InetAddress.getLocalHost().getHostName() + "-" + ProcessHandle.current().pid();
            } catch (java.net.UnknownHostException e) {
                return "node-" + ProcessHandle.current().pid();
            }
        });
    }
}
