package org.vdi.broker.domain.model.desktop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.Test;
import org.vdi.broker.domain.model.host.Host;
import org.vdi.broker.domain.model.host.VirtualizationType;
import org.vdi.broker.domain.model.image.GoldenImage;
import org.vdi.broker.domain.model.pool.AssignmentMode;
import org.vdi.broker.domain.model.pool.CloneMode;
import org.vdi.broker.domain.model.pool.LogoffPolicy;
import org.vdi.broker.domain.model.pool.Pool;
import org.vdi.broker.domain.model.pool.PoolSettings;
import org.vdi.broker.domain.shared.BrokerException;
import org.vdi.broker.domain.shared.ErrorCode;

class DesktopStateTest {

    static Desktop desktop() {
        PoolSettings s = new PoolSettings("eng", CloneMode.LINKED, 1, 5, "eng-{n}", AssignmentMode.FLOATING,
                LogoffPolicy.REFRESH, 0, 0, 1, 128, 1, Set.of("/staff"), Set.of(), false, true);
        Pool pool = new Pool(s, new GoldenImage("golden", null, "golden.qcow2"));
        Host host = new Host("h1", "qemu:///system", "default", VirtualizationType.QEMU, "127.0.0.1", 10, 4096);
        return new Desktop(pool, host, pool.takeNumber(), 1);
    }

    @Test
    void newDesktopIsProvisioningWithItsName() {
        Desktop d = desktop();
        assertEquals(DesktopState.PROVISIONING, d.state());
        assertEquals("eng-1", d.name());
        assertEquals("eng-1.qcow2", d.diskVolume());
        assertTrue(d.isFree());
    }

    @Test
    void followsTheLifeOfADesktop() {
        Desktop d = desktop();
        d.moveTo(DesktopState.AVAILABLE, "provisioned");
        d.assignTo("alice");
        assertEquals(DesktopState.ASSIGNED, d.state());
        assertEquals("alice", d.assignedTo());
        d.moveTo(DesktopState.IN_USE, "console opened");
        d.unassign();
        d.moveTo(DesktopState.REFRESHING, "released");
        d.moveTo(DesktopState.AVAILABLE, "refreshed");
        d.moveTo(DesktopState.DELETING, "pool deleted");
        assertEquals(DesktopState.DELETING, d.state());
    }

    @Test
    void refusesMovesTheMachineDoesNotAllow() {
        Desktop d = desktop();
        BrokerException e = assertThrows(BrokerException.class, () -> d.moveTo(DesktopState.IN_USE, "x"));
        assertEquals(ErrorCode.INVALID_STATE, e.code());
        d.moveTo(DesktopState.DELETING, "delete");
        assertThrows(BrokerException.class, () -> d.moveTo(DesktopState.AVAILABLE, "x"));
        assertFalse(DesktopState.DELETING.canMoveTo(DesktopState.AVAILABLE));
    }

    @Test
    void neverHandsOneDesktopToTwoUsers() {
        Desktop d = desktop();
        d.moveTo(DesktopState.AVAILABLE, "provisioned");
        d.assignTo("alice");
        BrokerException e = assertThrows(BrokerException.class, () -> d.assignTo("bob"));
        assertEquals(ErrorCode.CONFLICT, e.code());
        d.assignTo("alice"); // the same user again is fine
    }

    @Test
    void failureKeepsTheReason() {
        Desktop d = desktop();
        d.fail("define failed: disk full");
        assertEquals(DesktopState.ERROR, d.state());
        assertEquals("define failed: disk full", d.stateCause());
    }

    @Test
    void everyStateHasARoute() {
        for (DesktopState s : DesktopState.values()) {
            boolean any = false;
            for (DesktopState t : DesktopState.values()) {
                any |= s.canMoveTo(t);
            }
            assertTrue(any, s + " is a dead end");
        }
    }
}
