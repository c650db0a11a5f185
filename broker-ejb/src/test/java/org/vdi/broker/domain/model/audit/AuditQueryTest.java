package org.vdi.broker.domain.model.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.vdi.broker.domain.shared.BrokerException;

class AuditQueryTest {

    private static final Instant T = Instant.parse("2026-01-31T08:00:00Z");

    @Test
    void blankTextMeansNoFilterAndTextIsStripped() {
        AuditQuery q = new AuditQuery(null, null, "  ", " pool ", "", 10);
        assertNull(q.actor());
        assertEquals("pool", q.type());
        assertNull(q.object());
    }

    @Test
    void refusesAnEmptyTimeRangeNamingFrom() {
        assertEquals("from", assertThrows(BrokerException.class,
                () -> new AuditQuery(T, T, null, null, null, 10)).field().orElseThrow());
        new AuditQuery(T, T.plusSeconds(1), null, null, null, 10);
    }

    @Test
    void refusesLimitsOutOfRangeAndControlCharacters() {
        assertEquals("limit", assertThrows(BrokerException.class,
                () -> new AuditQuery(null, null, null, null, null, 0)).field().orElseThrow());
        assertThrows(BrokerException.class, () -> new AuditQuery(null, null, null, null, null, AuditQuery.MAX_LIMIT + 1));
        assertEquals("actor", assertThrows(BrokerException.class,
                () -> new AuditQuery(null, null, "a\u0000b", null, null, 10)).field().orElseThrow());
    }
}
