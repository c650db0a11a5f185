package org.vdi.broker.infrastructure.persistence;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import org.vdi.broker.domain.model.pool.schedule.StartTimes;

/**
 * Start times from {@code desktop_transition}, the state changes the database
 * records itself: for each move to AVAILABLE straight after PROVISIONING or
 * STARTING (or PROVISIONING then STARTING, in pools that wait for the guest
 * agent), the time since that began. The median of the last week's, so one
 * start slowed by a busy host does not move the ramp-up much.
 */
@ApplicationScoped
public class JpaStartTimes implements StartTimes {

    /** Old measurements say little about today's host. */
    private static final int DAYS = 7;

    @PersistenceContext(unitName = "vdi")
    private EntityManager em;

    @Override
    public Optional<Duration> typical(UUID poolId) {
        // NOTE: only the pool's current desktops: the transition table has no pool column, and its
        // (desktop_id, id) index makes this a probe per desktop rather than a scan of the history.
        List<?> rows = em.createNativeQuery("""
                select percentile_cont(0.5) within group (order by seconds) from (
                  select extract(epoch from t.at - case
                           when lag(t.to_state) over w = 'STARTING' and lag(t.to_state, 2) over w = 'PROVISIONING'
                           then lag(t.at, 2) over w else lag(t.at) over w end) as seconds,
                         t.to_state, lag(t.to_state) over w as before
                    from desktop_transition t join desktop d on d.id = t.desktop_id
                   where d.pool_id = ?1 and t.at > now() - make_interval(days => ?2)
                  window w as (partition by t.desktop_id order by t.id)) s
                 where to_state = 'AVAILABLE' and before in ('PROVISIONING', 'STARTING') and seconds >= 0
                """).setParameter(1, poolId).setParameter(2, DAYS).getResultList();
        Object median = rows.isEmpty() ? null : rows.get(0);
        return median == null ? Optional.empty()
                : Optional.of(Duration.ofMillis(Math.round(((Number) median).doubleValue() * 1000)));
    }
}
