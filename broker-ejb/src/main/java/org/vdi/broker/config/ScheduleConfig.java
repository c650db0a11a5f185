package org.vdi.broker.config;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Capacity schedules.
 *
 * <ul>
 * <li>{@code vdi.schedule.default-start-seconds} (VDI_SCHEDULE_DEFAULT_START_SECONDS): how long
 * one desktop is taken to need from create to available when its pool has no measured start in
 * the last week, for ramping up ahead of a window (default 60, 1 to 3600)</li>
 * </ul>
 */
@ApplicationScoped
public class ScheduleConfig {

    @Inject
    @ConfigProperty(name = "vdi.schedule.default-start-seconds", defaultValue = "60")
    int defaultStartSeconds;

    public Duration defaultStart() {
        return Duration.ofSeconds(Math.max(1, Math.min(3600, defaultStartSeconds)));
    }
}
