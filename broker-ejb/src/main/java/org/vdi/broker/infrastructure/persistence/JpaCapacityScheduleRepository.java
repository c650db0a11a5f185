package org.vdi.broker.infrastructure.persistence;

import java.time.DayOfWeek;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import org.vdi.broker.domain.model.pool.schedule.CapacityRule;
import org.vdi.broker.domain.model.pool.schedule.CapacityScheduleRepository;

/**
 * Rules in {@code pool_capacity_rule}, read and written with native SQL: they
 * are values of the pool, not entities with a life of their own, and keeping
 * them off the {@code Pool} entity keeps the monitor's pool lock free of them.
 */
@ApplicationScoped
public class JpaCapacityScheduleRepository implements CapacityScheduleRepository {

    @PersistenceContext(unitName = "vdi")
    private EntityManager em;

    @Override
    public List<CapacityRule> rules(UUID poolId) {
        List<?> rows = em.createNativeQuery("""
                select array_to_string(days, ','), start_minute, end_minute, zone, spare_target, max_size
                  from pool_capacity_rule where pool_id = ?1 order by position
                """).setParameter(1, poolId).getResultList();
        return rows.stream().map(r -> (Object[]) r).map(r -> new CapacityRule(days((String) r[0]),
                ((Number) r[1]).intValue(), ((Number) r[2]).intValue(), ZoneId.of((String) r[3]),
                ((Number) r[4]).intValue(), r[5] == null ? 0 : ((Number) r[5]).intValue())).toList();
    }

    @Override
    public void replace(UUID poolId, List<CapacityRule> rules) {
        em.createNativeQuery("delete from pool_capacity_rule where pool_id = ?1").setParameter(1, poolId)
                .executeUpdate();
        for (int i = 0; i < rules.size(); i++) {
            CapacityRule r = rules.get(i);
            em.createNativeQuery("""
                    insert into pool_capacity_rule
                      (pool_id, position, days, start_minute, end_minute, zone, spare_target, max_size)
                    values (?1, ?2, cast(string_to_array(?3, ',') as smallint[]), ?4, ?5, ?6, ?7, nullif(?8, 0))
                    """).setParameter(1, poolId).setParameter(2, i).setParameter(3, numbers(r.days()))
                    .setParameter(4, r.startMinute()).setParameter(5, r.endMinute()).setParameter(6, r.zone().getId())
                    .setParameter(7, r.spareTarget()).setParameter(8, r.maxSize()).executeUpdate();
        }
    }

    private static String numbers(Set<DayOfWeek> days) {
        return EnumSet.copyOf(days).stream().map(d -> Integer.toString(d.getValue()))
                .reduce((a, b) -> a + "," + b).orElseThrow();
    }

    private static Set<DayOfWeek> days(String numbers) {
        EnumSet<DayOfWeek> out = EnumSet.noneOf(DayOfWeek.class);
        Arrays.stream(numbers.split(",")).map(String::strip).map(Integer::parseInt).map(DayOfWeek::of)
                .forEach(out::add);
        return out;
    }
}
