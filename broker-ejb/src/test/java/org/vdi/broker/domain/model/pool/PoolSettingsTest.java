package org.vdi.broker.domain.model.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vdi.broker.domain.shared.BrokerException;
import org.vdi.broker.domain.shared.ErrorCode;

class PoolSettingsTest {

    private static PoolSettings settings(String name, int minSpare, int maxSize, String pattern) {
        return new PoolSettings(name, CloneMode.LINKED, minSpare, maxSize, pattern, AssignmentMode.DEDICATED,
                LogoffPolicy.KEEP, 0, 0, 1, 512, 1, Set.of("/staff"), Set.of("vdi-admin"), false, true);
    }

    @Test
    void defaultsTheNamingPatternAndNamesDesktops() {
        PoolSettings s = settings("eng", 1, 10, null);
        assertEquals("eng-{n}", s.namingPattern());
        assertEquals("eng-7", s.desktopName(7));
        assertEquals(List.of("vnc"), s.protocols());
    }

    private static PoolSettings withReadiness(Readiness readiness, int timeoutSeconds) {
        return new PoolSettings("eng", CloneMode.LINKED, 1, 2, null, AssignmentMode.DEDICATED, LogoffPolicy.KEEP,
                0, 0, 1, 512, 1, Set.of("/staff"), Set.of(), false, true, readiness, timeoutSeconds);
    }

    @Test
    void waitsForTheGuestAgentUnlessToldOtherwise() {
        PoolSettings s = settings("eng", 1, 10, null);
        assertEquals(Readiness.AGENT, s.readiness());
        assertEquals(300, s.readinessTimeoutSeconds());
        assertEquals(Readiness.AGENT, withReadiness(null, 60).readiness());
        assertEquals(Readiness.BOOT, withReadiness(Readiness.BOOT, 60).readiness());
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 0, 9, 3601, Integer.MAX_VALUE})
    void refusesReadinessTimeoutsOutOfBounds(int seconds) {
        BrokerException e = assertThrows(BrokerException.class, () -> withReadiness(Readiness.AGENT, seconds));
        assertEquals(ErrorCode.INVALID_INPUT, e.code());
        assertEquals("readinessTimeoutSeconds", e.field().orElseThrow());
    }

    @Test
    void readinessExpiresAfterThePoolsTimeoutAndOnlyForAgentPools() {
        Pool agent = new Pool(withReadiness(Readiness.AGENT, 60), new org.vdi.broker.domain.model.image.GoldenImage(
                "golden", null, "golden.qcow2"));
        java.time.Instant started = java.time.Instant.parse("2026-01-01T10:00:00Z");
        assertFalse(agent.readinessExpired(started, started.plusSeconds(59)));
        assertTrue(agent.readinessExpired(started, started.plusSeconds(60)));
        Pool boot = new Pool(withReadiness(Readiness.BOOT, 60), new org.vdi.broker.domain.model.image.GoldenImage(
                "golden", null, "golden.qcow2"));
        assertFalse(boot.readinessExpired(started, started.plusSeconds(3600)));
        assertEquals(Readiness.BOOT, boot.settings().readiness());
        assertEquals(60, boot.settings().readinessTimeoutSeconds());
    }

    @Test
    void refusesMinSpareAboveMaxSizeAndNegativeCounts() {
        assertEquals(ErrorCode.INVALID_INPUT,
                assertThrows(BrokerException.class, () -> settings("eng", 11, 10, null)).code());
        assertThrows(BrokerException.class, () -> settings("eng", -1, 10, null));
        assertThrows(BrokerException.class, () -> settings("eng", 0, -3, null));
        assertThrows(BrokerException.class, () -> settings("eng", 0, 0, null));
    }

    @Test
    void errorsNameTheFieldTheyAreAbout() {
        assertEquals("minSpare", assertThrows(BrokerException.class, () -> settings("eng", 11, 10, null)).field()
                .orElseThrow());
        assertEquals("maxSize", assertThrows(BrokerException.class, () -> settings("eng", 0, 0, null)).field()
                .orElseThrow());
        assertEquals("name", assertThrows(BrokerException.class, () -> settings("a b", 1, 10, null)).field()
                .orElseThrow());
        assertEquals("namingPattern", assertThrows(BrokerException.class, () -> settings("eng", 1, 10, "eng"))
                .field().orElseThrow());
        assertEquals("memoryMib", assertThrows(BrokerException.class, () -> new PoolSettings("eng", CloneMode.LINKED,
                1, 2, null, AssignmentMode.DEDICATED, LogoffPolicy.KEEP, 0, 0, 1, 8, 1, Set.of(), Set.of(), false,
                true)).field().orElseThrow());
        assertEquals("entitledGroups", assertThrows(BrokerException.class, () -> new PoolSettings("eng",
                CloneMode.LINKED, 1, 2, null, AssignmentMode.DEDICATED, LogoffPolicy.KEEP, 0, 0, 1, 512, 1,
                Set.of("<b>"), Set.of(), false, true)).field().orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"eng", "eng-", "eng/{n}", "<x>-{n}", "../{n}", "a b-{n}",
        "a2345678901234567890123456789012345678901234567890123456789012-{n}"})
    void refusesBadNamingPatterns(String pattern) {
        BrokerException e = assertThrows(BrokerException.class, () -> settings("eng", 1, 10, pattern));
        assertEquals(ErrorCode.INVALID_NAME, e.code());
    }

    @ParameterizedTest
    @ValueSource(strings = {"<script>", "a&b", "a/b", "..", "x\ny", "é"})
    void refusesBadPoolNames(String name) {
        assertEquals(ErrorCode.INVALID_NAME, assertThrows(BrokerException.class,
                () -> settings(name, 1, 10, "p-{n}")).code());
    }

    @Test
    void refusesBadEntitlements() {
        assertThrows(BrokerException.class, () -> new PoolSettings("eng", CloneMode.LINKED, 1, 2, null,
                AssignmentMode.DEDICATED, LogoffPolicy.KEEP, 0, 0, 1, 512, 1, Set.of("<img src=x>"), Set.of(),
                false, true));
    }

    @Test
    void entitlementByGroupOrRole() {
        Pool p = new Pool(settings("eng", 1, 2, null),
                new org.vdi.broker.domain.model.image.GoldenImage("g", null, "g.qcow2"));
        assertTrue(p.entitles(Set.of("/staff"), Set.of()));
        assertTrue(p.entitles(Set.of(), Set.of("vdi-admin")));
        assertEquals(false, p.entitles(Set.of("/other"), Set.of("vdi-user")));
    }

    @Test
    void aGroupEntitlesItsSubgroupsButNotAnotherParentsGroupOfTheSameName() {
        Pool p = new Pool(settings("eng", 1, 2, null),
                new org.vdi.broker.domain.model.image.GoldenImage("g", null, "g.qcow2"));
        assertTrue(p.entitles(Set.of("/staff/eng"), Set.of()));
        assertTrue(p.entitles(Set.of("/staff/eng/oncall"), Set.of()));
        assertFalse(p.entitles(Set.of("/contractors/staff"), Set.of()), "a subgroup named staff elsewhere");
        assertFalse(p.entitles(Set.of("staff"), Set.of()), "a bare name from a realm without full paths");
        assertFalse(p.entitles(Set.of("/staffing"), Set.of()), "a group whose name starts like the entitled one");
        assertFalse(p.entitles(Set.of("/"), Set.of()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"staff", "staff/eng", "/", "//staff", "/staff/", "/staff//eng", "/staff/../admin",
        "/-x", "/<b>"})
    void groupsAreNamedByFullPath(String group) {
        BrokerException e = assertThrows(BrokerException.class, () -> new PoolSettings("eng", CloneMode.LINKED, 1, 2,
                null, AssignmentMode.DEDICATED, LogoffPolicy.KEEP, 0, 0, 1, 512, 1, Set.of(group), Set.of(), false,
                true));
        assertEquals("entitledGroups", e.field().orElseThrow());
        assertTrue(e.getMessage().contains("full path"), e.getMessage());
    }

    @Test
    void fullPathsAreKept() {
        PoolSettings s = new PoolSettings("eng", CloneMode.LINKED, 1, 2, null, AssignmentMode.DEDICATED,
                LogoffPolicy.KEEP, 0, 0, 1, 512, 1, Set.of("/staff", "/staff/eng", "/Sales EMEA/team.a"), Set.of(),
                false, true);
        assertEquals(Set.of("/Sales EMEA/team.a", "/staff", "/staff/eng"), s.entitledGroups());
    }
}
