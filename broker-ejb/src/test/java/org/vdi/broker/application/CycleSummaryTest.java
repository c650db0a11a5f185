package org.vdi.broker.application;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;

import org.junit.jupiter.api.Test;

class CycleSummaryTest {

    private static PoolUpkeep.Result pools(int created, int failed, Map<String, String> errors) {
        return new PoolUpkeep.Result(3, created, 1, 0, 1, failed, errors);
    }

    @Test
    void anIdleCycleIsOneQuietLine() {
        CycleSummary s = new CycleSummary(7, new PoolUpkeep.Result(2, 0, 0, 0, 0, 0, Map.of()), 0, Optional.empty());
        assertEquals("pool monitor cycle 7: 2 pools, 0 created or started, 0 rebuilt, 0 deleted, 0 expired,"
                + " 0 skipped, 0 failed", s.line());
        assertEquals(Level.FINE, s.level());
    }

    @Test
    void workDoneIsInfoAndCarriesTheReconcileResult() {
        CycleSummary s = new CycleSummary(9, pools(2, 0, Map.of()), 1,
                Optional.of(new Reconciler.Result(1, 0, 2, 0)));
        assertEquals("pool monitor cycle 9: 3 pools, 2 created or started, 1 rebuilt, 0 deleted, 1 expired,"
                + " 1 skipped, 0 failed, reconcile: Result[restored=1, restarted=0, orphansRemoved=2,"
                + " markedUnavailable=0]", s.line());
        assertEquals(Level.INFO, s.level());
    }

    @Test
    void aReconcileThatRepairedSomethingAloneMakesTheCycleInfo() {
        CycleSummary s = new CycleSummary(3, new PoolUpkeep.Result(1, 0, 0, 0, 0, 0, Map.of()), 0,
                Optional.of(new Reconciler.Result(0, 1, 0, 0)));
        assertEquals(Level.INFO, s.level());
    }

    @Test
    void aFailedPoolIsAWarningNamingThePoolAndTheCause() {
        CycleSummary s = new CycleSummary(4, pools(0, 1, Map.of("eng", "no host is up")), 0, Optional.empty());
        assertEquals("pool monitor cycle 4: 3 pools, 0 created or started, 1 rebuilt, 0 deleted, 0 expired,"
                + " 1 skipped, 1 failed {eng=no host is up}", s.line());
        assertEquals(Level.WARNING, s.level());
    }
}
