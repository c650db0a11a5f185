package org.vdi.broker.domain.model.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.vdi.broker.domain.model.image.GoldenImage;
import org.vdi.broker.domain.shared.BrokerException;

class GuestLogoffSettingsTest {

    private static PoolSettings settings(Readiness readiness, GuestLogoff logoff, int grace) {
        return new PoolSettings("eng", CloneMode.LINKED, 1, 2, null, AssignmentMode.FLOATING, LogoffPolicy.REFRESH,
                0, 0, 1, 512, 1, Set.of("/staff"), Set.of(), false, true, readiness, 300, logoff, grace);
    }

    @Test
    void aLogoffInsideTheGuestIsIgnoredUnlessThePoolAsks() {
        PoolSettings s = new PoolSettings("eng", CloneMode.LINKED, 1, 2, null, AssignmentMode.DEDICATED,
                LogoffPolicy.KEEP, 0, 0, 1, 512, 1, Set.of("/staff"), Set.of(), false, true);
        assertEquals(GuestLogoff.IGNORE, s.guestLogoff());
        assertEquals(60, s.guestLogoffGraceSeconds());
        assertEquals(GuestLogoff.IGNORE, settings(Readiness.AGENT, null, 60).guestLogoff());
    }

    @Test
    void releasingOnAGuestLogoffNeedsTheAgentAndABoundedGrace() {
        BrokerException boot = assertThrows(BrokerException.class,
                () -> settings(Readiness.BOOT, GuestLogoff.RELEASE, 60));
        assertEquals("guestLogoff", boot.field().orElse(null));
        assertEquals("guestLogoffGraceSeconds",
                assertThrows(BrokerException.class, () -> settings(Readiness.AGENT, GuestLogoff.RELEASE, -1)).field().orElse(null));
        assertEquals("guestLogoffGraceSeconds",
                assertThrows(BrokerException.class, () -> settings(Readiness.AGENT, GuestLogoff.RELEASE, 3601)).field().orElse(null));
        assertEquals(0, settings(Readiness.AGENT, GuestLogoff.RELEASE, 0).guestLogoffGraceSeconds());
        assertEquals(GuestLogoff.IGNORE, settings(Readiness.BOOT, GuestLogoff.IGNORE, 60).guestLogoff());
    }

    @Test
    void aLogoffIsDueOnlyAfterTheWholeGrace() {
        Pool release = new Pool(settings(Readiness.AGENT, GuestLogoff.RELEASE, 30), new GoldenImage("golden", "", "golden.qcow2"));
        Pool ignore = new Pool(settings(Readiness.AGENT, GuestLogoff.IGNORE, 30), new GoldenImage("golden", "", "golden.qcow2"));
        Instant off = Instant.parse("2026-12-04T15:00:00Z");
        assertFalse(release.guestLogoffDue(off, off.plusSeconds(29)));
        assertTrue(release.guestLogoffDue(off, off.plusSeconds(30)));
        assertFalse(release.guestLogoffDue(null, off.plusSeconds(300)));
        assertFalse(ignore.guestLogoffDue(off, off.plusSeconds(300)));
        assertTrue(release.watchesGuests());
    }
}
