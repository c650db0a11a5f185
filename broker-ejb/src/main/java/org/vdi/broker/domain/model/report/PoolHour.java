package org.vdi.broker.domain.model.report;

import java.time.Instant;
import java.util.UUID;

/**
 * One pool in one hour. Lengths and times are in seconds, null when the hour
 * had nothing to measure (no session ended, no desktop became ready).
 *
 * @param peakInUse           the most console sessions open at once in the hour (desktops in use)
 * @param logons              console sessions started in the hour
 * @param avgSessionSeconds   mean length of the sessions started in the hour that have ended
 * @param p95SessionSeconds   their 95th percentile
 * @param refusals            requests refused in the hour, as no desktop was available
 * @param avgTimeToDesktopSeconds mean time from request to a running desktop, for the hour's requests
 * @param p95TimeToDesktopSeconds its 95th percentile
 */
public record PoolHour(UUID poolId, String poolName, Instant hour, long peakInUse, long logons,
        Double avgSessionSeconds, Double p95SessionSeconds, long refusals,
        Double avgTimeToDesktopSeconds, Double p95TimeToDesktopSeconds) {
}
