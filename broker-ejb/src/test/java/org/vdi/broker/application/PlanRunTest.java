package org.vdi.broker.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

class PlanRunTest {

    private final UUID a = UUID.randomUUID();
    private final UUID b = UUID.randomUUID();
    private final UUID c = UUID.randomUUID();
    private final UUID d = UUID.randomUUID();
    private final UUID e = UUID.randomUUID();

    private final List<String> calls = new ArrayList<>();

    private Consumer<UUID> op(String name, Set<UUID> failing) {
        return id -> {
            calls.add(name + " " + id);
            if (failing.contains(id)) {
                throw new IllegalStateException(name + " failed");
            }
        };
    }

    private PlanRun.Operations ops(Set<UUID> failing) {
        return new PlanRun.Operations(op("provision", failing), op("start", failing), op("refresh", failing),
                op("delete", failing));
    }

    @Test
    void runsProvisionThenStartThenRefreshThenDeleteAndCountsEach() {
        MonitorSteps.Plan plan = new MonitorSteps.Plan(List.of(a, b), List.of(c), List.of(d), List.of(e), false);
        PlanRun run = PlanRun.of(plan, ops(Set.of()));
        assertEquals(List.of("provision " + a, "provision " + b, "start " + c, "refresh " + d, "delete " + e), calls);
        assertEquals(new PlanRun(3, 1, 1, 0), run);
        assertFalse(run.allFailed());
    }

    @Test
    void oneFailureDoesNotStopTheBatchNorFailThePool() {
        MonitorSteps.Plan plan = new MonitorSteps.Plan(List.of(a, b), List.of(c), List.of(), List.of(), false);
        PlanRun run = PlanRun.of(plan, ops(Set.of(a)));
        assertEquals(3, calls.size());
        assertEquals(1, run.failures());
        assertFalse(run.allFailed());
    }

    @Test
    void everyOperationFailingFailsThePool() {
        MonitorSteps.Plan plan = new MonitorSteps.Plan(List.of(a), List.of(), List.of(b), List.of(), false);
        PlanRun run = PlanRun.of(plan, ops(Set.of(a, b)));
        assertEquals(new PlanRun(1, 1, 0, 2), run);
        assertTrue(run.allFailed());
    }

    @Test
    void anEmptyPlanHasNotFailed() {
        PlanRun run = PlanRun.of(new MonitorSteps.Plan(List.of(), List.of(), List.of(), List.of(), true), ops(Set.of()));
        assertEquals(new PlanRun(0, 0, 0, 0), run);
        assertFalse(run.allFailed());
        assertTrue(calls.isEmpty());
    }
}
