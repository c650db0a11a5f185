package org.vdi.broker.infrastructure.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReportSqlTest {

    private static final String SQL = """
            -- a heading
            SELECT a -- the column
              FROM t
             WHERE TRUE
               AND pool_id = CAST(:pool AS uuid) -- pool
               AND at >= :from
            """;

    @Test
    void keepsThePoolFilterWithoutItsMarkerWhenAPoolIsAskedFor() {
        assertEquals("SELECT a\n  FROM t\n WHERE TRUE\n   AND pool_id = CAST(:pool AS uuid)\n   AND at >= :from",
                ReportSql.text(SQL, true));
    }

    @Test
    void dropsThePoolFilterOtherwise() {
        assertEquals("SELECT a\n  FROM t\n WHERE TRUE\n   AND at >= :from", ReportSql.text(SQL, false));
    }

    @Test
    void theShippedQueriesLoadAndMentionThePoolOnlyWhenFiltered() {
        for (String f : new String[] {"pool-hours.sql", "users.sql"}) {
            assertTrue(ReportSql.load(f, true).contains(":pool"), f);
            assertFalse(ReportSql.load(f, false).contains(":pool"), f);
            assertFalse(ReportSql.load(f, false).contains("--"), f);
        }
        assertTrue(ReportSql.load("hosts.sql", false).contains(":running"));
    }
}
