package org.vdi.portal.rest;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.vdi.broker.domain.model.report.HostUsage;
import org.vdi.broker.domain.model.report.PoolHour;
import org.vdi.broker.domain.model.report.UserUsage;

/**
 * The JSON and CSV shapes of the reports: one CSV column per JSON field, in
 * the same order and under the same name, so a CSV row and a JSON object say
 * the same thing (an absent JSON field is an empty cell).
 */
public final class ReportDtos {

    static final List<String> POOL_HOUR_HEADER = List.of("poolId", "pool", "hour", "peakInUse", "logons",
            "avgSessionSeconds", "p95SessionSeconds", "refusals", "avgTimeToDesktopSeconds",
            "p95TimeToDesktopSeconds");
    static final List<String> USER_HEADER = List.of("user", "sessions", "seconds");
    static final List<String> HOST_HEADER = List.of("hostId", "host", "maxDesktops", "maxMemoryMib", "desktops",
            "running", "inUse", "memoryUsedMib");

    private ReportDtos() {
    }

    public record PoolHourDto(UUID poolId, String pool, Instant hour, long peakInUse, long logons,
            Double avgSessionSeconds, Double p95SessionSeconds, long refusals, Double avgTimeToDesktopSeconds,
            Double p95TimeToDesktopSeconds) implements CsvRow {

        static PoolHourDto of(PoolHour h) {
            return new PoolHourDto(h.poolId(), h.poolName(), h.hour(), h.peakInUse(), h.logons(),
                    h.avgSessionSeconds(), h.p95SessionSeconds(), h.refusals(), h.avgTimeToDesktopSeconds(),
                    h.p95TimeToDesktopSeconds());
        }

        @Override
        public List<Object> csvRow() {
            return Arrays.asList(poolId, pool, hour, peakInUse, logons, avgSessionSeconds, p95SessionSeconds,
                    refusals, avgTimeToDesktopSeconds, p95TimeToDesktopSeconds);
        }
    }

    public record UserUsageDto(String user, long sessions, long seconds) implements CsvRow {

        static UserUsageDto of(UserUsage u) {
            return new UserUsageDto(u.user(), u.sessions(), u.seconds());
        }

        @Override
        public List<Object> csvRow() {
            return Arrays.asList(user, sessions, seconds);
        }
    }

    public record HostUsageDto(UUID hostId, String host, int maxDesktops, long maxMemoryMib, long desktops,
            long running, long inUse, long memoryUsedMib) implements CsvRow {

        static HostUsageDto of(HostUsage h) {
            return new HostUsageDto(h.hostId(), h.name(), h.maxDesktops(), h.maxMemoryMib(), h.desktops(),
                    h.running(), h.inUse(), h.memoryUsedMib());
        }

        @Override
        public List<Object> csvRow() {
            return Arrays.asList(hostId, host, maxDesktops, maxMemoryMib, desktops, running, inUse, memoryUsedMib);
        }
    }

    /** A report row as CSV cells, in header order. */
    interface CsvRow {
        List<Object> csvRow();
    }
}
