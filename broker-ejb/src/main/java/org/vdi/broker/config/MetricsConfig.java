package org.vdi.broker.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The broker's metrics (served by Payara at {@code /metrics}).
 *
 * <ul>
 * <li>{@code vdi.metrics.fleet-cache-seconds} (VDI_METRICS_FLEET_CACHE_SECONDS): how long one
 * read of the desktops per pool and state and of the monitor leases serves the gauges
 * (default 5; 0 reads on every scrape)</li>
 * </ul>
 */
@ApplicationScoped
public class MetricsConfig {

    @Inject
    @ConfigProperty(name = "vdi.metrics.fleet-cache-seconds", defaultValue = "5")
    int fleetCacheSeconds;

    public int fleetCacheSeconds() {
        return Math.max(0, fleetCacheSeconds);
    }
}
