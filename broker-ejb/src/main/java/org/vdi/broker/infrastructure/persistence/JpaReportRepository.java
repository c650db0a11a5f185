package org.vdi.broker.infrastructure.persistence;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;

import org.vdi.broker.domain.model.desktop.DesktopState;
import org.vdi.broker.domain.model.report.HostUsage;
import org.vdi.broker.domain.model.report.PoolHour;
import org.vdi.broker.domain.model.report.ReportRange;
import org.vdi.broker.domain.model.report.ReportRepository;
import org.vdi.broker.domain.model.report.UserUsage;

/** The report queries of {@code reports/*.sql} (see {@link ReportSql}), native, read only. */
@ApplicationScoped
public class JpaReportRepository implements ReportRepository {

    private static final List<String> RUNNING = Arrays.stream(DesktopState.values()).filter(DesktopState::shouldRun)
            .map(Enum::name).toList();
    private static final List<String> HELD = Arrays.stream(DesktopState.values()).filter(DesktopState::isHeld)
            .map(Enum::name).toList();

    @PersistenceContext(unitName = "vdi")
    private EntityManager em;

    @Override
    public List<PoolHour> poolHours(ReportRange range, Optional<UUID> pool) {
        List<?> rows = ranged("pool-hours.sql", range, pool).getResultList();
        return rows.stream().map(r -> (Object[]) r).map(r -> new PoolHour((UUID) r[0], (String) r[1],
                instant(r[2]), whole(r[3]), whole(r[4]), tenths(r[5]), tenths(r[6]), whole(r[7]), tenths(r[8]),
                tenths(r[9]))).toList();
    }

    @Override
    public List<UserUsage> users(ReportRange range, Optional<UUID> pool) {
        List<?> rows = ranged("users.sql", range, pool).getResultList();
        return rows.stream().map(r -> (Object[]) r)
                .map(r -> new UserUsage((String) r[0], whole(r[1]), Math.round(((Number) r[2]).doubleValue())))
                .toList();
    }

    @Override
    public List<HostUsage> hosts() {
        List<?> rows = em.createNativeQuery(ReportSql.load("hosts.sql", false))
                .setParameter("running", RUNNING).setParameter("held", HELD).getResultList();
        return rows.stream().map(r -> (Object[]) r).map(r -> new HostUsage((UUID) r[0], (String) r[1],
                ((Number) r[2]).intValue(), whole(r[3]), whole(r[4]), whole(r[5]), whole(r[6]), whole(r[7])))
                .toList();
    }

    private Query ranged(String file, ReportRange range, Optional<UUID> pool) {
        Query q = em.createNativeQuery(ReportSql.load(file, pool.isPresent()))
                .setParameter("from", OffsetDateTime.ofInstant(range.from(), java.time.ZoneOffset.UTC))
                .setParameter("to", OffsetDateTime.ofInstant(range.to(), java.time.ZoneOffset.UTC));
        pool.ifPresent(id -> q.setParameter("pool", id));
        return q;
    }

    private static long whole(Object o) {
        return o == null ? 0 : ((Number) o).longValue();
    }

    /** Seconds to a tenth, so JSON and CSV show the same short number; null stays null. */
    private static Double tenths(Object o) {
        if (o == null) {
            return null;
        }
        return BigDecimal.valueOf(((Number) o).doubleValue()).setScale(1, RoundingMode.HALF_UP).doubleValue();
    }

    private static Instant instant(Object o) {
        if (o instanceof Instant i) {
            return i;
        }
        if (o instanceof OffsetDateTime t) {
            return t.toInstant();
        }
        if (o instanceof ZonedDateTime t) {
            return t.toInstant();
        }
        if (o instanceof Timestamp t) {
            return t.toInstant();
        }
        throw new IllegalStateException("unexpected time value " + o);
    }
}
