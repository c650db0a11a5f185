package org.vdi.broker.domain.model.desktop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class HeldStatesTest {

    @Test
    void heldMeansAssignedOrInUse() {
        Set<DesktopState> held = EnumSet.noneOf(DesktopState.class);
        for (DesktopState s : DesktopState.values()) {
            if (s.isHeld()) {
                held.add(s);
            }
        }
        assertEquals(EnumSet.of(DesktopState.ASSIGNED, DesktopState.IN_USE), held);
    }

    @Test
    void aHeldDesktopRunsAndMayBeHeld() {
        for (DesktopState s : DesktopState.values()) {
            if (s.isHeld()) {
                assertTrue(s.shouldRun(), s + " is held, so its domain runs");
                assertTrue(s.holdable(), s + " is held, so a user may hold it");
                assertTrue(s.canMoveTo(DesktopState.AVAILABLE), s + " is held, so a release can free it");
            }
        }
    }

    @Test
    void aDesktopBecomesHeldWhenAssignedAndStaysSoWhileItsConsoleIsOpen() {
        Desktop d = DesktopStateTest.desktop();
        assertFalse(d.state().isHeld(), "provisioning");
        d.moveTo(DesktopState.AVAILABLE, "provisioned");
        assertFalse(d.state().isHeld(), "a free spare");
        d.assignTo("alice");
        assertTrue(d.state().isHeld());
        d.moveTo(DesktopState.IN_USE, "console opened");
        assertTrue(d.state().isHeld());
        d.moveTo(DesktopState.STOPPED, "shut down by alice");
        assertFalse(d.state().isHeld(), "assigned but not running: no console");
        d.moveTo(DesktopState.STARTING, "starting for alice");
        assertFalse(d.state().isHeld(), "not running yet");
    }
}
