package org.vdi.portal.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.vdi.portal.it.ItEnv;
import org.vdi.portal.it.Keycloak;
import org.vdi.portal.it.Wait;

/**
 * A page session's roles follow the realm (security issue, item 10): they are
 * read again with the session's refresh token once they are older than
 * {@code vdi.session.role-check-seconds} (5 s in the test profile, 300 by
 * default), so taking {@code vdi-admin} away in Keycloak takes effect within
 * that time, and disabling the user ends the page session.
 */
class RoleRecheckIT {

    /** The test profile's interval, plus a token refresh and a poll's worth. */
    private static final Duration WITHIN = Duration.ofSeconds(30);

    @Test
    void aRoleTakenAwayInKeycloakStopsWorkingAndADisabledUserIsSignedOut() {
        String run = ItEnv.random(6);
        String user = ItEnv.prefix() + "-rc-" + run;
        String password = ItEnv.random(24);
        String id = Keycloak.createUser(user, password, List.of(), List.of("vdi-user", "vdi-admin"));
        try (BrowserSession b = BrowserSession.start()) {
            b.signIn(user, password);
            assertEquals(200, b.fetchStatus("GET", "/api/v1/hosts", null), "an admin lists the hosts");

            Keycloak.removeRealmRole(id, "vdi-admin");
            Wait.untilTrue("the page session loses vdi-admin", WITHIN,
                    () -> b.fetchStatus("GET", "/api/v1/hosts", null) == 403);
            String me = b.fetchText("/api/v1/me");
            assertTrue(me.contains("vdi-user") && !me.contains("vdi-admin"), me);

            Keycloak.disableUser(id);
            Wait.untilTrue("the page session of a disabled user ends", WITHIN,
                    () -> b.fetchStatus("GET", "/api/v1/me", null) == 401);
        } finally {
            Keycloak.deleteUser(id);
            Keycloak.forget(user);
        }
    }
}
