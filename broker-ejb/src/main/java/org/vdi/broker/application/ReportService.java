package org.vdi.broker.application;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.validation.constraints.NotNull;

import org.vdi.broker.domain.model.report.HostUsage;
import org.vdi.broker.domain.model.report.PoolHour;
import org.vdi.broker.domain.model.report.ReportRange;
import org.vdi.broker.domain.model.report.UserUsage;

/** Usage reports (admins): per pool and hour, per user, per host. */
public interface ReportService {

    /**
     * @throws org.vdi.broker.domain.shared.BrokerException not_found when a pool is named that does not exist
     */
    List<PoolHour> poolHours(@NotNull ReportRange range, @NotNull Optional<UUID> pool);

    List<UserUsage> users(@NotNull ReportRange range, @NotNull Optional<UUID> pool);

    List<HostUsage> hosts();
}
