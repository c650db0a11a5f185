package org.vdi.portal.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Set;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;
import org.vdi.broker.application.Caller;
import org.vdi.portal.security.TokenRejectedException.Reason;

class AccessTokenTest {

    @Test
    void takesNameRolesAndGroupsFromKeycloakClaims() throws Exception {
        Caller c = AccessToken.of(TestKeys.claimsSet(TestKeys.claims(Instant.now()).build())).caller();
        assertEquals("alice", c.name());
        assertEquals(Set.of("vdi-user"), c.roles());
        assertEquals(Set.of("/staff"), c.groups());
        assertFalse(c.admin());
    }

    @Test
    void anAdminRoleMakesAnAdmin() throws Exception {
        JsonObject claims = TestKeys.claims(Instant.now())
                .add("groups", Json.createArrayBuilder().add("vdi-admin")).remove("vdi_groups").build();
        Caller c = AccessToken.of(TestKeys.claimsSet(claims)).caller();
        assertTrue(c.admin());
        assertEquals(Set.of(), c.groups());
    }

    @Test
    void ignoresRoleEntriesThatAreNotStrings() throws Exception {
        JsonObject claims = TestKeys.claims(Instant.now())
                .add("groups", Json.createArrayBuilder().add(1).add("vdi-user").addNull()).build();
        assertEquals(Set.of("vdi-user"), AccessToken.of(TestKeys.claimsSet(claims)).roles());
    }

    @Test
    void refusesATokenWithoutUserName() {
        JsonObject claims = TestKeys.claims(Instant.now()).add("preferred_username", " ").build();
        assertEquals(Reason.MISSING_CLAIM,
                assertThrows(TokenRejectedException.class, () -> AccessToken.of(TestKeys.claimsSet(claims))).reason());
    }
}
