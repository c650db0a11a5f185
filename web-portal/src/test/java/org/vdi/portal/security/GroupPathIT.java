package org.vdi.portal.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vdi.portal.it.ApiClient;
import org.vdi.portal.it.Broker;
import org.vdi.portal.it.ItEnv;
import org.vdi.portal.it.Keycloak;

/**
 * Pools are entitled to Keycloak groups by full path (security issue, item 5):
 * a member of a subgroup that shares the entitled group's name under another
 * parent ({@code /contractors/staff}) gets nothing, a member of a subgroup of
 * the entitled group ({@code /staff/eng}) is entitled. Real Keycloak tokens,
 * real groups; the pool has no desktops (entitlement is decided before them).
 */
class GroupPathIT {

    private static final String PASSWORD = ItEnv.random(24);
    private static String poolId;
    private static String parent;
    private static String contractor;
    private static String engineer;
    private static String contractorId;
    private static String engineerId;

    @BeforeAll
    static void poolAndUsers() {
        String run = ItEnv.random(6);
        parent = "/" + ItEnv.prefix() + "-contractors-" + run;
        contractor = ItEnv.prefix() + "-gp-c-" + run;
        engineer = ItEnv.prefix() + "-gp-e-" + run;
        // the same name as the entitled group, below another parent
        contractorId = Keycloak.createUser(contractor, PASSWORD, List.of(parent + "/staff"), List.of("vdi-user"));
        engineerId = Keycloak.createUser(engineer, PASSWORD, List.of("/staff/" + ItEnv.prefix() + "-eng-" + run),
                List.of("vdi-user"));
        Map<String, Object> s = Broker.poolSettings(ItEnv.unique("paths"), Broker.registerGoldenImage(
                ItEnv.unique("img")));
        s.put("minSpare", 0);
        s.put("maxSize", 1);
        s.put("entitledGroups", List.of("/staff"));
        poolId = Broker.createPool(s);
    }

    @AfterAll
    static void cleanUp() {
        if (poolId != null) {
            Broker.deletePool("GroupPathIT", poolId);
        }
        for (String id : new String[] {contractorId, engineerId}) {
            if (id != null) {
                Keycloak.deleteUser(id);
            }
        }
        Keycloak.forget(contractor);
        Keycloak.forget(engineer);
    }

    private static boolean lists(ApiClient c) {
        return c.get("/pools").expect(200).objects().stream().anyMatch(p -> poolId.equals(p.get("id")));
    }

    @Test
    void aSubgroupOfTheSameNameElsewhereUnlocksNothing() {
        ApiClient c = ApiClient.as(contractor, PASSWORD);
        assertTrue(c.get("/me").expect(200).body().contains(parent + "/staff"),
                "the token carries full paths");
        assertFalse(lists(c), "the /staff pool is not listed for a member of .../contractors/staff");
        c.post("/pools/" + poolId + "/assignments", null).expectError(403, "forbidden");
    }

    @Test
    void aSubgroupOfTheEntitledGroupIsEntitled() {
        ApiClient c = ApiClient.as(engineer, PASSWORD);
        assertTrue(lists(c), "the /staff pool is listed for a member of /staff/eng");
        // entitled: the pool has no desktop, so the answer is 503, not 403
        assertNotEquals(403, c.post("/pools/" + poolId + "/assignments", null).status());
    }

    @Test
    void aBareGroupNameIsRefusedWithItsField() {
        Map<String, Object> s = Broker.poolSettings(ItEnv.unique("bare"), Broker.registerGoldenImage(
                ItEnv.unique("img")));
        s.put("entitledGroups", List.of("staff"));
        ApiClient.ApiResponse r = ApiClient.admin().post("/pools", s).expectError(400, "invalid_input");
        assertEquals("entitledGroups", r.field("field"), r.body());
        assertTrue(r.field("message").contains("full path"), r.body());
    }
}
