package org.vdi.broker.application.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.vdi.broker.domain.shared.ErrorCode;

class AssignmentOutcomeTest {

    @Test
    void theBrokersRefusalsMapToTheirOutcomes() {
        assertEquals(AssignmentOutcome.NO_DESKTOP, AssignmentOutcome.of(ErrorCode.NO_DESKTOP_AVAILABLE));
        assertEquals(AssignmentOutcome.REFUSED, AssignmentOutcome.of(ErrorCode.FORBIDDEN));
        assertEquals(AssignmentOutcome.LIMIT, AssignmentOutcome.of(ErrorCode.CONFLICT));
        assertEquals(AssignmentOutcome.FAILED, AssignmentOutcome.of(ErrorCode.INTERNAL_ERROR));
        assertEquals(AssignmentOutcome.FAILED, AssignmentOutcome.of(ErrorCode.HOST_UNAVAILABLE));
        assertEquals(AssignmentOutcome.FAILED, AssignmentOutcome.of(null));
    }

    @Test
    void aSuccessThatDidNotCommitIsAFailureARefusalStaysARefusal() {
        assertEquals(AssignmentOutcome.ASSIGNED, AssignmentOutcome.ASSIGNED.afterCompletion(true));
        assertEquals(AssignmentOutcome.FAILED, AssignmentOutcome.ASSIGNED.afterCompletion(false));
        assertEquals(AssignmentOutcome.FAILED, AssignmentOutcome.REUSED.afterCompletion(false));
        assertEquals(AssignmentOutcome.FAILED, AssignmentOutcome.STARTED.afterCompletion(false));
        assertEquals(AssignmentOutcome.NO_DESKTOP, AssignmentOutcome.NO_DESKTOP.afterCompletion(false));
        assertEquals(AssignmentOutcome.REFUSED, AssignmentOutcome.REFUSED.afterCompletion(false));
    }

    @Test
    void tagsAreStableSnakeCase() {
        assertEquals(List.of("assigned", "started", "reused", "no_desktop", "refused", "limit", "failed"),
                List.of(AssignmentOutcome.values()).stream().map(AssignmentOutcome::tag).toList());
    }

    @Test
    void aTallyRecordsItsLastOutcomeOnceWithTheTimeUpToTheCommit() {
        AtomicLong now = new AtomicLong(1_000);
        List<String> recorded = new ArrayList<>();
        AssignmentTally t = new AssignmentTally("p1", (pool, o, took) -> recorded.add(pool + " " + o.tag() + " "
                + took.toNanos()), now::get);
        now.addAndGet(500);
        t.ended(AssignmentOutcome.ASSIGNED);
        now.addAndGet(250);
        t.completed(true);
        t.completed(true);
        assertEquals(List.of("p1 assigned 750"), recorded);
    }

    @Test
    void aTallyWithoutAnOutcomeIsAFailure() {
        List<AssignmentOutcome> recorded = new ArrayList<>();
        AssignmentTally t = new AssignmentTally("p1", (pool, o, took) -> recorded.add(o), System::nanoTime);
        t.completed(false);
        assertEquals(List.of(AssignmentOutcome.FAILED), recorded);
        AssignmentTally rolledBack = new AssignmentTally("p1", (pool, o, took) -> recorded.add(o),
                System::nanoTime);
        rolledBack.ended(AssignmentOutcome.STARTED);
        rolledBack.completed(false);
        assertEquals(List.of(AssignmentOutcome.FAILED, AssignmentOutcome.FAILED), recorded);
    }
}
