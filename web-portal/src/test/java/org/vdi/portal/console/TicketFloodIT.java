package org.vdi.portal.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.vdi.portal.it.Db;
import org.vdi.portal.it.ItEnv;
import org.vdi.portal.it.Wait;

/**
 * A flood of junk tickets costs the broker nothing: console-proxy refuses a
 * ticket that is not a ticket's shape itself (no broker call, no audit row),
 * and once one address has had too many attempts refused in the window, its
 * further attempts are refused unseen and audited as one event for the window.
 * From 127.0.0.2, so the other tests' address (127.0.0.1) is never held up.
 */
class TicketFloodIT {

    private static final String FROM = "127.0.0.2";
    private static final int MAX_REFUSALS = 30;

    @Test
    void junkTicketsAreRefusedWithoutTheBrokerAndAFloodIsAuditedOnce() throws Exception {
        String tunnel = ItEnv.portalUrl().replaceFirst("^http", "ws") + "/console/tunnel";
        Instant start = Instant.now();
        for (int i = 0; i < MAX_REFUSALS; i++) {
            RawWebSocket.Outcome o = RawWebSocket.open(FROM, tunnel + "?ticket=junk-" + i, "guacamole",
                    ItEnv.portalUrl());
            assertEquals(101, o.status());
            assertEquals("769", o.closeReason(), "junk is an invalid ticket: " + o);
            assertTrue(o.texts().stream().anyMatch(t -> t.contains("not valid")), o.toString());
        }
        RawWebSocket.Outcome held = RawWebSocket.open(FROM, tunnel + "?ticket=junk-more", "guacamole",
                ItEnv.portalUrl());
        assertEquals("797", held.closeReason(), "past the limit: too many refusals: " + held);
        assertEquals(1008, held.closeCode(), held.toString());
        assertTrue(held.texts().stream().anyMatch(t -> t.contains("too many console attempts")), held.toString());
        RawWebSocket.open(FROM, tunnel + "?ticket=junk-again", "guacamole", ItEnv.portalUrl());

        // no broker call for the junk: no redemption was audited from that address
        assertEquals(List.of(), Db.query("SELECT detail FROM audit_event WHERE action = 'console.redeem'"
                + " AND at >= ?::timestamptz AND detail LIKE ?", start.toString(), "%" + FROM + "%"));
        // the attempts refused unseen: one record when the window is over (20 s in the test stack)
        List<Map<String, Object>> flood = Wait.until("the flood's one audit record", Duration.ofSeconds(60),
                () -> Db.query("SELECT detail FROM audit_event WHERE action = 'console.refuse'"
                        + " AND at >= ?::timestamptz AND detail LIKE ?", start.toString(), "%" + FROM + "%"),
                rows -> !rows.isEmpty());
        assertEquals(1, flood.size(), flood.toString());
        assertTrue(String.valueOf(flood.get(0).values()).contains("2 more console attempts refused unseen"),
                flood.toString());
    }
}
