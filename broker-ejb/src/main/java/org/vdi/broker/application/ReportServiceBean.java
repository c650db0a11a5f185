package org.vdi.broker.application;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import org.vdi.broker.domain.model.pool.PoolRepository;
import org.vdi.broker.domain.model.report.HostUsage;
import org.vdi.broker.domain.model.report.PoolHour;
import org.vdi.broker.domain.model.report.ReportRange;
import org.vdi.broker.domain.model.report.ReportRepository;
import org.vdi.broker.domain.model.report.UserUsage;
import org.vdi.broker.domain.shared.BrokerException;

// NOTE: read only; SUPPORTS so a report of many rows holds no transaction of its own.
@Stateless
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class ReportServiceBean implements ReportService {

    @Inject
    ReportRepository reports;

    @Inject
    PoolRepository pools;

    @Override
    public List<PoolHour> poolHours(ReportRange range, Optional<UUID> pool) {
        return reports.poolHours(range, existing(pool));
    }

    @Override
    public List<UserUsage> users(ReportRange range, Optional<UUID> pool) {
        return reports.users(range, existing(pool));
    }

    @Override
    public List<HostUsage> hosts() {
        return reports.hosts();
    }

    /** A named pool must exist, so a typo is a 404 rather than an empty report. */
    private Optional<UUID> existing(Optional<UUID> pool) {
        pool.ifPresent(id -> pools.find(id).orElseThrow(() -> BrokerException.notFound("pool", id)));
        return pool;
    }
}
