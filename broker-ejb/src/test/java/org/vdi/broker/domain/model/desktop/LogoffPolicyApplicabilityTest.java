package org.vdi.broker.domain.model.desktop;

import static org.junit.jupiter.api.Assertions.assertFalse;
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

/**
 * Whether a held desktop can take its pool's log-off policy now: the session
 * expiry asks before it releases, so one desktop on a host that is down never
 * fails the release of all the others.
 */
class LogoffPolicyApplicabilityTest {

    private static Desktop held(LogoffPolicy policy) {
        PoolSettings s = new PoolSettings("eng", CloneMode.LINKED, 1, 5, "eng-{n}", AssignmentMode.FLOATING,
                policy, 0, 1, 1, 128, 1, Set.of("/staff"), Set.of(), false, true);
        Pool pool = new Pool(s, new GoldenImage("golden", null, "golden.qcow2"));
        Host host = new Host("h1", "qemu:///system", "default", VirtualizationType.QEMU, "127.0.0.1", 10, 4096);
        Desktop d = new Desktop(pool, host, pool.takeNumber(), 1);
        d.moveTo(DesktopState.AVAILABLE, "provisioned");
        d.assignTo("alice");
        return d;
    }

    @Test
    void aRunningHeldDesktopTakesEveryPolicy() {
        for (LogoffPolicy p : LogoffPolicy.values()) {
            assertTrue(held(p).canTakeLogoffPolicy(), p.name());
        }
    }

    @Test
    void onAHostThatIsDownARefreshMustWait() {
        for (LogoffPolicy p : LogoffPolicy.values()) {
            Desktop d = held(p);
            d.moveTo(DesktopState.UNAVAILABLE, "host down: test");
            if (p == LogoffPolicy.REFRESH) {
                assertFalse(d.canTakeLogoffPolicy(), "a refresh needs the host up");
            } else {
                // keep changes nothing; a delete that fails on the host leaves the desktop in error
                assertTrue(d.canTakeLogoffPolicy(), p.name());
            }
        }
    }

    @Test
    void aDesktopAlreadyInThePolicysStateTakesIt() {
        Desktop refreshing = held(LogoffPolicy.REFRESH);
        refreshing.moveTo(DesktopState.REFRESHING, "refresh requested by admin");
        assertTrue(refreshing.canTakeLogoffPolicy());
        Desktop deleting = held(LogoffPolicy.DELETE);
        deleting.moveTo(DesktopState.DELETING, "delete requested by admin");
        assertTrue(deleting.canTakeLogoffPolicy());
        Desktop deletingRefreshPool = held(LogoffPolicy.REFRESH);
        deletingRefreshPool.moveTo(DesktopState.DELETING, "delete requested by admin");
        assertFalse(deletingRefreshPool.canTakeLogoffPolicy(), "a desktop being deleted cannot be refreshed");
    }
}
