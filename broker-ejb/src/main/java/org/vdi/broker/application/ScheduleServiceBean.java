package org.vdi.broker.application;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

import org.vdi.broker.domain.model.audit.AuditEvent.Outcome;
import org.vdi.broker.domain.model.audit.AuditTrail;
import org.vdi.broker.domain.model.pool.Pool;
import org.vdi.broker.domain.model.pool.PoolRepository;
import org.vdi.broker.domain.model.pool.schedule.CapacityRule;
import org.vdi.broker.domain.model.pool.schedule.CapacitySchedule;
import org.vdi.broker.domain.model.pool.schedule.CapacityScheduleRepository;
import org.vdi.broker.domain.model.pool.schedule.StartEstimate;
import org.vdi.broker.domain.shared.BrokerException;

@Stateless
public class ScheduleServiceBean implements ScheduleService {

    @Inject
    PoolRepository pools;

    @Inject
    CapacityScheduleRepository schedules;

    @Inject
    SpareTargets targets;

    @Inject
    AuditTrail audit;

    @Override
    public ScheduleView view(UUID poolId) {
        return view(pools.find(poolId).orElseThrow(() -> BrokerException.notFound("pool", poolId)));
    }

    @Override
    public ScheduleView replace(UUID poolId, List<CapacityRule> rules, Caller caller) {
        // NOTE: the pool row lock orders this against the monitor's plan, which reads the rules under it.
        Pool pool = pools.lock(poolId).orElseThrow(() -> BrokerException.notFound("pool", poolId));
        new CapacitySchedule(rules, pool.minSpare(), pool.maxSize()).checkFits();
        schedules.replace(poolId, rules);
        audit.record(caller.name(), "pool.schedule", "pool", poolId.toString(), Outcome.SUCCESS,
                pool.name() + ": " + rules.size() + " capacity rules");
        return view(pool);
    }

    private ScheduleView view(Pool pool) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        CapacitySchedule schedule = targets.schedule(pool);
        StartEstimate estimate = targets.estimate(pool);
        SpareTargets.Applied applied = SpareTargets.applied(pool, schedule, estimate, now);
        return new ScheduleView(now, schedule.rules(), schedule.targetAt(now), schedule.nextChangeAfter(now),
                schedule.strip(now, ScheduleView.STRIP_STEP, ScheduleView.STRIP_LENGTH), applied,
                estimate.perDesktop());
    }
}
