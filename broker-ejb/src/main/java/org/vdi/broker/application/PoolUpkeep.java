package org.vdi.broker.application;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.vdi.broker.config.DesktopConfig;
import org.vdi.broker.domain.model.pool.Pool;
import org.vdi.broker.domain.model.pool.PoolRepository;

/**
 * Keeps each pool at its warm spares and its current image, and empties pools
 * that were deleted: per pool it takes the pool's lease, so only one broker
 * node works on a pool at a time, lets {@link MonitorSteps} decide a bounded
 * batch, and carries it out with {@link DesktopOperations}. A pool that keeps
 * failing sits out a growing number of cycles ({@link Backoff}) while the
 * others go on.
 */
@ApplicationScoped
public class PoolUpkeep {

    /** Longer than a cycle, so a node that holds a pool keeps it while it runs. */
    static final int LEASE_SECONDS = 60;

    /** 32 cycles: about five minutes at the default interval. */
    static final int MAX_BACKOFF_CYCLES = 32;

    /** What one pass over all pools did, for the cycle's summary. */
    public record Result(int pools, int created, int rebuilt, int deleted, int skipped, int failedPools,
            Map<String, String> errors) {
        public Result {
            errors = Collections.unmodifiableMap(new LinkedHashMap<>(errors));
        }
    }

    @Inject
    DesktopConfig config;

    @Inject
    PoolRepository pools;

    @Inject
    MonitorSteps steps;

    @Inject
    DesktopOperations operations;

    // NOTE: read and written only from PoolMonitor's cycle, which runs one at a
    // time; the concurrent map is for safe publication between the scheduler's threads.
    private final Map<UUID, Backoff> backoffs = new ConcurrentHashMap<>();

    /**
     * One pass over all pools, for cycle number {@code cycle} of this node.
     *
     * @param node this node's name, the lease owner
     */
    public Result keepAll(long cycle, String node) {
        int created = 0;
        int rebuilt = 0;
        int deleted = 0;
        int failedPools = 0;
        int skipped = 0;
        Map<String, String> errors = new LinkedHashMap<>();
        List<Pool> all = pools.findAll();
        PlanRun.Operations ops = new PlanRun.Operations(operations::provision, operations::startAssigned,
                operations::refresh, operations::delete);
        for (Pool pool : all) {
            Backoff backoff = backoffs.getOrDefault(pool.id(), Backoff.none(MAX_BACKOFF_CYCLES));
            if (!backoff.isDue(cycle) || !pools.acquireLease(pool.id(), node, LEASE_SECONDS)) {
                skipped++;
                continue;
            }
            try {
                MonitorSteps.Plan plan = steps.plan(pool.id(), config.monitorBatchSize());
                PlanRun run = PlanRun.of(plan, ops);
                created += run.created();
                rebuilt += run.rebuilt();
                deleted += run.deleted();
                if (run.allFailed()) {
                    throw new IllegalStateException(run.failures() + " desktop operations failed");
                }
                if (plan.notReady() > 0) {
                    throw new IllegalStateException(plan.notReady() + " desktops did not become ready within "
                            + pool.readinessTimeoutSeconds() + " s; their replacements wait for the back-off");
                }
                backoffs.remove(pool.id());
            } catch (RuntimeException e) {
                failedPools++;
                backoffs.put(pool.id(), backoff.failedIn(cycle));
                errors.put(pool.name(), String.valueOf(e.getMessage()));
            }
        }
        return new Result(all.size(), created, rebuilt, deleted, skipped, failedPools, errors);
    }
}
