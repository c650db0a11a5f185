package org.vdi.broker.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vdi.broker.config.DesktopConfig;
import org.vdi.broker.domain.model.image.GoldenImage;
import org.vdi.broker.domain.model.pool.AssignmentMode;
import org.vdi.broker.domain.model.pool.CloneMode;
import org.vdi.broker.domain.model.pool.LogoffPolicy;
import org.vdi.broker.domain.model.pool.Pool;
import org.vdi.broker.domain.model.pool.PoolRepository;
import org.vdi.broker.domain.model.pool.PoolSettings;

/** The per-pool rules of one pass: lease, batch size, back-off, failure isolation. */
class PoolUpkeepTest {

    private final List<Pool> all = new ArrayList<>();
    private final Set<UUID> leasedElsewhere = new HashSet<>();
    private final List<String> leaseRequests = new ArrayList<>();
    private final List<Integer> batches = new ArrayList<>();
    private final Map<UUID, MonitorSteps.Plan> plans = new HashMap<>();
    private final Set<UUID> failingDesktops = new HashSet<>();
    private final Set<UUID> failingPlans = new HashSet<>();
    private final List<String> operations = new ArrayList<>();

    private final PoolUpkeep upkeep = new PoolUpkeep();

    private static Pool pool(String name) {
        PoolSettings s = new PoolSettings(name, CloneMode.LINKED, 1, 5, name + "-{n}", AssignmentMode.FLOATING,
                LogoffPolicy.REFRESH, 0, 0, 1, 128, 1, Set.of("/staff"), Set.of(), false, true);
        return new Pool(s, new GoldenImage("golden", null, "golden.qcow2"));
    }

    @BeforeEach
    void wire() {
        upkeep.config = new DesktopConfig() {
            @Override
            public int monitorBatchSize() {
                return 4;
            }
        };
        upkeep.pools = new Pools();
        upkeep.steps = new MonitorSteps() {
            @Override
            public Plan plan(UUID poolId, int batch) {
                batches.add(batch);
                if (failingPlans.contains(poolId)) {
                    throw new IllegalStateException("no host is up");
                }
                return plans.getOrDefault(poolId, new Plan(List.of(), List.of(), List.of(), List.of(), false));
            }
        };
        upkeep.operations = new DesktopOperations() {
            @Override
            public void provision(UUID id) {
                record("provision", id);
            }

            @Override
            public void startAssigned(UUID id) {
                record("start", id);
            }

            @Override
            public void refresh(UUID id) {
                record("refresh", id);
            }

            @Override
            public void delete(UUID id) {
                record("delete", id);
            }
        };
    }

    private void record(String op, UUID id) {
        operations.add(op);
        if (failingDesktops.contains(id)) {
            throw new IllegalStateException(op + " failed");
        }
    }

    private final class Pools implements PoolRepository {
        @Override
        public List<Pool> findAll() {
            return List.copyOf(all);
        }

        @Override
        public boolean acquireLease(UUID poolId, String owner, int seconds) {
            leaseRequests.add(owner + " " + seconds);
            return !leasedElsewhere.contains(poolId);
        }

        @Override
        public Optional<Pool> find(UUID id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Pool> lock(UUID id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Pool> findByName(String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void add(Pool pool) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void remove(Pool pool) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void aPoolLeasedByAnotherNodeIsSkippedWithoutPlanning() {
        Pool p = pool("eng");
        all.add(p);
        leasedElsewhere.add(p.id());
        PoolUpkeep.Result r = upkeep.keepAll(1, "node-a");
        assertEquals(List.of("node-a 60"), leaseRequests);
        assertTrue(batches.isEmpty());
        assertEquals(new PoolUpkeep.Result(1, 0, 0, 0, 1, 0, Map.of()), r);
    }

    @Test
    void thePlanGetsTheConfiguredBatchAndItsWorkIsCounted() {
        Pool p = pool("eng");
        all.add(p);
        plans.put(p.id(), new MonitorSteps.Plan(List.of(UUID.randomUUID()), List.of(UUID.randomUUID()),
                List.of(UUID.randomUUID()), List.of(), false));
        PoolUpkeep.Result r = upkeep.keepAll(1, "node-a");
        assertEquals(List.of(4), batches);
        assertEquals(List.of("provision", "start", "refresh"), operations);
        assertEquals(new PoolUpkeep.Result(1, 2, 1, 0, 0, 0, Map.of()), r);
    }

    @Test
    void aPoolWhoseWorkAllFailsBacksOffWhileTheOthersGoOn() {
        Pool bad = pool("bad");
        Pool good = pool("good");
        all.add(bad);
        all.add(good);
        UUID d = UUID.randomUUID();
        failingDesktops.add(d);
        plans.put(bad.id(), new MonitorSteps.Plan(List.of(d), List.of(), List.of(), List.of(), false));

        PoolUpkeep.Result first = upkeep.keepAll(1, "n");
        assertEquals(1, first.failedPools());
        assertEquals(1, first.created());
        assertEquals(Map.of("bad", "1 desktop operations failed"), first.errors());

        // two cycles off for the bad pool, no lease asked for it; the good one is planned every cycle
        for (long cycle = 2; cycle <= 3; cycle++) {
            leaseRequests.clear();
            PoolUpkeep.Result r = upkeep.keepAll(cycle, "n");
            assertEquals(1, r.skipped());
            assertEquals(0, r.failedPools());
            assertEquals(1, leaseRequests.size());
        }
        PoolUpkeep.Result again = upkeep.keepAll(4, "n");
        assertEquals(0, again.skipped());
        assertEquals(1, again.failedPools());
        // second failure in a row: four cycles off
        for (long cycle = 5; cycle <= 8; cycle++) {
            assertEquals(1, upkeep.keepAll(cycle, "n").skipped());
        }
        failingDesktops.clear();
        assertEquals(0, upkeep.keepAll(9, "n").failedPools());
        // a success forgets the back-off: the next failure pauses two cycles again
        failingDesktops.add(d);
        assertEquals(1, upkeep.keepAll(10, "n").failedPools());
        assertEquals(1, upkeep.keepAll(12, "n").skipped());
        assertEquals(0, upkeep.keepAll(13, "n").skipped());
    }

    @Test
    void desktopsThatNeverBecameReadyBackThePoolOffAfterTheirDeletion() {
        Pool p = pool("slow");
        all.add(p);
        UUID d = UUID.randomUUID();
        plans.put(p.id(), new MonitorSteps.Plan(List.of(), List.of(), List.of(), List.of(d), false, 2));
        PoolUpkeep.Result r = upkeep.keepAll(1, "n");
        assertEquals(List.of("delete"), operations, "the free one is deleted at once");
        assertEquals(1, r.failedPools());
        assertEquals(1, r.deleted());
        assertEquals(Map.of("slow", "2 desktops did not become ready within 300 s; their replacements wait"
                + " for the back-off"), r.errors());
        // the replacement waits: two cycles without a plan for the pool
        plans.put(p.id(), new MonitorSteps.Plan(List.of(UUID.randomUUID()), List.of(), List.of(), List.of(), false));
        assertEquals(1, upkeep.keepAll(2, "n").skipped());
        assertEquals(1, upkeep.keepAll(3, "n").skipped());
        PoolUpkeep.Result after = upkeep.keepAll(4, "n");
        assertEquals(0, after.skipped());
        assertEquals(1, after.created());
    }

    @Test
    void aPlanThatCannotBeMadeFailsOnlyItsPool() {
        Pool bad = pool("bad");
        Pool good = pool("good");
        all.add(bad);
        all.add(good);
        failingPlans.add(bad.id());
        plans.put(good.id(), new MonitorSteps.Plan(List.of(UUID.randomUUID()), List.of(), List.of(), List.of(),
                false));
        PoolUpkeep.Result r = upkeep.keepAll(1, "n");
        assertEquals(new PoolUpkeep.Result(2, 1, 0, 0, 0, 1, Map.of("bad", "no host is up")), r);
    }

    @Test
    void oneFailedDesktopAmongSeveralIsNotAFailedPool() {
        Pool p = pool("eng");
        all.add(p);
        UUID d = UUID.randomUUID();
        failingDesktops.add(d);
        plans.put(p.id(), new MonitorSteps.Plan(List.of(d, UUID.randomUUID()), List.of(), List.of(), List.of(),
                false));
        assertEquals(0, upkeep.keepAll(1, "n").failedPools());
        assertEquals(0, upkeep.keepAll(2, "n").skipped());
    }
}
