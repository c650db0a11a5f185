package org.vdi.console.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.vdi.console.api.ConsoleBroker;
import org.vdi.console.api.ConsoleRefusedException;
import org.vdi.console.api.Redemption;
import org.vdi.console.api.Refusal;
import org.vdi.console.config.ConsoleSettings;
import org.vdi.console.metrics.ConsoleProtocol;

class SessionWatcherTest {

    /** A broker that can be taken away and brought back. */
    private static final class Broker implements ConsoleBroker {
        boolean down;
        int polls;
        int endFailures;
        final java.util.List<UUID> ended = new java.util.ArrayList<>();

        @Override
        public Redemption redeem(String ticket, String clientAddr) throws ConsoleRefusedException {
            throw new ConsoleRefusedException(Refusal.TICKET_INVALID, "not in this test");
        }

        @Override
        public void refuse(String ticket, String reason, String clientAddr) {
        }

        @Override
        public void end(UUID sessionId, long bytesIn, long bytesOut, String reason) throws ConsoleRefusedException {
            if (endFailures-- > 0) {
                throw new ConsoleRefusedException(Refusal.INTERNAL_ERROR, "row was updated by another transaction");
            }
            ended.add(sessionId);
        }

        @Override
        public Map<UUID, String> poll(Collection<UUID> live, Collection<UUID> active) throws ConsoleRefusedException {
            polls++;
            if (down) {
                throw new ConsoleRefusedException(Refusal.UNREACHABLE, "the broker is away");
            }
            return Map.of();
        }
    }

    /** An open console that records how it was closed. */
    private static final class Console implements LiveConsole {
        final UUID id = UUID.randomUUID();
        Closing closedWith;

        @Override
        public UUID sessionId() {
            return id;
        }

        @Override
        public String user() {
            return "alice";
        }

        @Override
        public ConsoleProtocol protocol() {
            return ConsoleProtocol.GUACAMOLE;
        }

        @Override
        public boolean closing() {
            return closedWith != null;
        }

        @Override
        public boolean idleLongerThan(long seconds, long nowNanos) {
            return false;
        }

        @Override
        public boolean takeActivity() {
            return false;
        }

        @Override
        public void close(Closing why) {
            if (closedWith == null) {
                closedWith = why;
            }
        }

        @Override
        public Optional<Ended> finish(Closing fallback) {
            return Optional.of(new Ended(id, "closed", 1, 2));
        }
    }

    private static SessionWatcher watcher(Broker broker, Console console) {
        SessionRegistry registry = new SessionRegistry();
        registry.broker = broker;
        assertTrue(registry.admit(console, 3));
        SessionWatcher w = new SessionWatcher();
        w.registry = registry;
        w.broker = broker;
        w.settings = new ConsoleSettings();
        return w;
    }

    @Test
    void consolesCloseOnceTheBrokerStaysAwayForHalfAMinute() {
        Broker broker = new Broker();
        Console console = new Console();
        SessionWatcher w = watcher(broker, console);
        broker.down = true;
        for (int i = 1; i < SessionWatcher.MAX_FAILED_POLLS; i++) {
            w.tick();
            assertNull(console.closedWith, "still open after " + i + " failed polls");
        }
        w.tick();
        assertEquals(SessionWatcher.MAX_FAILED_POLLS, broker.polls);
        assertEquals(SessionWatcher.BROKER_LOST, console.closedWith.reason());
        assertEquals(SessionWatcher.MAX_FAILED_POLLS * SessionWatcher.PERIOD_SECONDS, 30,
                "half a minute at the watcher's pace");
    }

    @Test
    void aBrokerThatAnswersAgainStartsTheCountAfresh() {
        Broker broker = new Broker();
        Console console = new Console();
        SessionWatcher w = watcher(broker, console);
        broker.down = true;
        for (int i = 1; i < SessionWatcher.MAX_FAILED_POLLS; i++) {
            w.tick();
        }
        broker.down = false;
        w.tick();
        broker.down = true;
        for (int i = 1; i < SessionWatcher.MAX_FAILED_POLLS; i++) {
            w.tick();
        }
        assertNull(console.closedWith, "one good poll between: no console closed");
    }

    @Test
    void anEndTheBrokerFailsOnceIsReportedAgain() {
        Broker broker = new Broker();
        Console console = new Console();
        SessionRegistry registry = new SessionRegistry();
        registry.broker = broker;
        registry.admit(console, 3);
        broker.endFailures = 1;
        registry.finish(console, null);
        assertEquals(java.util.List.of(console.id), broker.ended, "reported on the second attempt");
        broker.endFailures = SessionRegistry.END_ATTEMPTS;
        Console other = new Console();
        registry.admit(other, 3);
        registry.finish(other, null);
        assertEquals(1, broker.ended.size(), "gives up after its attempts");
    }
}
