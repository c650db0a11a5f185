package org.vdi.broker.domain.model.report;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The report figures, computed by the database from the session and request
 * records (no rollup table to keep in step: the indexes keep a month of a
 * year's records fast; see docs/BENCHMARKS.md).
 */
public interface ReportRepository {

    /** One row per pool (or the one pool asked for) and hour of the range, by pool name then hour. */
    List<PoolHour> poolHours(ReportRange range, Optional<UUID> pool);

    /** One row per user with sessions started in the range, most time first. */
    List<UserUsage> users(ReportRange range, Optional<UUID> pool);

    /** One row per host, by name. */
    List<HostUsage> hosts();
}
