package org.vdi.broker.domain.model.desktop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.vdi.broker.domain.model.desktop.DesktopGuest.Change;
import org.vdi.broker.domain.model.hypervisor.GuestReport;

class DesktopGuestTest {

    private static final Instant T0 = Instant.parse("2026-12-04T15:00:00Z");

    private static GuestReport in(String... users) {
        return GuestReport.answer(List.of(users), T0.minusSeconds(5), List.of("192.0.2.7"));
    }

    private static GuestReport nobody() {
        return GuestReport.answer(List.of(), null, List.of("192.0.2.7"));
    }

    @Test
    void aLogonThenALogoffAreSeenOnceEach() {
        DesktopGuest g = new DesktopGuest(UUID.randomUUID());
        assertEquals(Change.NONE, g.record(nobody(), T0));
        assertEquals(Change.LOGON, g.record(in("vdiuser"), T0.plusSeconds(5)));
        assertEquals(T0.minusSeconds(5), g.logonSince(), "the guest's own login time");
        assertEquals(Change.NONE, g.record(in("vdiuser"), T0.plusSeconds(10)));
        assertEquals(Change.LOGOFF, g.record(nobody(), T0.plusSeconds(15)));
        assertEquals(T0.plusSeconds(15), g.logoffAt());
        assertNull(g.logonSince());
        assertEquals(T0.plusSeconds(15), g.lastLogon());
        assertEquals(Change.NONE, g.record(nobody(), T0.plusSeconds(20)));
        assertEquals(T0.plusSeconds(15), g.logoffAt(), "the logoff keeps its moment");
    }

    @Test
    void aNewLogonCancelsThePendingLogoff() {
        DesktopGuest g = new DesktopGuest(UUID.randomUUID());
        g.record(in("vdiuser"), T0);
        g.record(nobody(), T0.plusSeconds(5));
        assertEquals(Change.LOGON, g.record(in("vdiuser"), T0.plusSeconds(10)));
        assertNull(g.logoffAt());
        assertTrue(g.loggedIn());
    }

    @Test
    void silenceAndGarbageChangeOnlyTheCause() {
        DesktopGuest g = new DesktopGuest(UUID.randomUUID());
        g.record(in("vdiuser"), T0);
        assertEquals(Change.NONE, g.record(GuestReport.silent("Guest agent is not responding"), T0.plusSeconds(5)));
        assertTrue(g.loggedIn(), "no flapping: a silent agent does not log anybody off");
        assertEquals(List.of("vdiuser"), g.users());
        assertEquals(List.of("192.0.2.7"), g.addresses());
        assertEquals("Guest agent is not responding", g.cause());
        assertEquals(T0, g.answeredAt());
        assertEquals(T0, g.lastLogon(), "a silent agent stops counting as activity");
        g.record(in("vdiuser"), T0.plusSeconds(10));
        assertNull(g.cause());
    }

    @Test
    void aGuestClockInTheFutureIsNotBelieved() {
        DesktopGuest g = new DesktopGuest(UUID.randomUUID());
        g.record(GuestReport.answer(List.of("vdiuser"), T0.plusSeconds(3600), List.of()), T0);
        assertEquals(T0, g.logonSince());
    }

    @Test
    void writesOnlyWhatChangesAndRefreshesALastingLogon() {
        DesktopGuest g = new DesktopGuest(UUID.randomUUID());
        assertTrue(g.differs(nobody(), T0), "the first answer is written");
        g.record(nobody(), T0);
        assertFalse(g.differs(nobody(), T0.plusSeconds(5)));
        assertTrue(g.differs(in("vdiuser"), T0.plusSeconds(5)));
        g.record(in("vdiuser"), T0.plusSeconds(5));
        assertFalse(g.differs(in("vdiuser"), T0.plusSeconds(20)));
        assertTrue(g.differs(in("vdiuser"), T0.plusSeconds(5).plus(DesktopGuest.SEEN_REFRESH).plusSeconds(1)));
        assertTrue(g.differs(GuestReport.silent("x"), T0.plusSeconds(20)));
        g.record(GuestReport.silent("x"), T0.plusSeconds(20));
        assertFalse(g.differs(GuestReport.silent("x"), T0.plusSeconds(25)), "the same cause is not written again");
    }
}
