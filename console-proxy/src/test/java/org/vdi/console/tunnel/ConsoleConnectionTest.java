package org.vdi.console.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;

import org.apache.guacamole.protocol.GuacamoleStatus;
import org.junit.jupiter.api.Test;
import org.vdi.console.api.Redemption;
import org.vdi.console.metrics.ConsoleProtocol;
import org.vdi.console.metrics.ConsoleTraffic;

/** A SPICE session: a console connection that channels join. */
class ConsoleConnectionTest {

    private static ConsoleConnection session() {
        return new ConsoleConnection(new Redemption(UUID.randomUUID(), "spice", "127.0.0.1", 5900, "",
                UUID.randomUUID(), "d-1", "alice", "sid", true), ConsoleProtocol.SPICE, "SPICE", "10.0.0.1",
                "http://portal", SpiceChannel.MAX_PER_SESSION, ConsoleTraffic.NONE);
    }

    private static SpiceChannel channel(ConsoleConnection s) {
        return new SpiceChannel(s, new SpiceChannelTest.RecordingBrowser(), false);
    }

    @Test
    void channelsJoinOnlyFromTheFirstChannelsAddressAndOrigin() {
        ConsoleConnection s = session();
        assertTrue(s.join(channel(s), "10.0.0.1", "http://portal").isEmpty());
        assertTrue(s.join(channel(s), "10.0.0.2", "http://portal").isPresent(), "another address");
        assertTrue(s.join(channel(s), "10.0.0.1", "http://elsewhere").isPresent(), "another origin");
    }

    @Test
    void atMostMaxChannelsInTheSessionsLife() {
        ConsoleConnection s = session();
        for (int i = 0; i < SpiceChannel.MAX_PER_SESSION; i++) {
            SpiceChannel c = channel(s);
            assertTrue(s.join(c, "10.0.0.1", "http://portal").isEmpty());
            if (i > 0) {
                s.leave(c); // channels that left still count
            }
        }
        assertTrue(s.join(channel(s), "10.0.0.1", "http://portal").isPresent());
    }

    @Test
    void nothingJoinsAClosedSession() {
        ConsoleConnection s = session();
        SpiceChannel first = channel(s);
        s.join(first, "10.0.0.1", "http://portal");
        s.close(Closing.of(GuacamoleStatus.SESSION_CLOSED, "terminated"));
        assertTrue(s.join(channel(s), "10.0.0.1", "http://portal").isPresent());
        assertTrue(s.leave(first), "the last channel ends it");
        LiveConsole.Ended end = s.finish(Closing.normal("browser")).orElseThrow();
        assertEquals("terminated", end.reason(), "the first cause wins");
        assertTrue(s.finish(null).isEmpty(), "once");
    }

    @Test
    void onlyTheFirstChannelIsMain() {
        assertTrue(SpiceChannel.admits(true, SpiceLink.MAIN));
        assertFalse(SpiceChannel.admits(true, SpiceLink.INPUTS));
        assertFalse(SpiceChannel.admits(false, SpiceLink.MAIN));
        assertTrue(SpiceChannel.admits(false, 2));
    }

    @Test
    void onlyInputCountsAgainstIdleness() {
        ConsoleConnection s = session();
        long now = System.nanoTime();
        assertFalse(s.idleLongerThan(10, now));
        assertTrue(s.idleLongerThan(10, now + 11_000_000_000L));
        s.input();
        assertFalse(s.idleLongerThan(10, System.nanoTime() + 9_000_000_000L));
    }

    @Test
    void closeReasonsFitACloseFrame() {
        String r = BrowserChannel.reason("é".repeat(100));
        assertTrue(r.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= BrowserChannel.MAX_REASON_BYTES);
        assertEquals("short", BrowserChannel.reason("short"));
    }
}
