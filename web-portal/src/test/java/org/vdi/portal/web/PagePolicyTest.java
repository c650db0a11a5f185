package org.vdi.portal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.vdi.portal.web.PagePolicy.Access;

class PagePolicyTest {

    @Test
    void thePortalAndTheConsoleNeedSignIn() {
        assertEquals(Access.USER, PagePolicy.of("/"));
        assertEquals(Access.USER, PagePolicy.of(""));
        assertEquals(Access.USER, PagePolicy.of(null));
        assertEquals(Access.USER, PagePolicy.of("/index.html"));
        assertEquals(Access.USER, PagePolicy.of("/console.html"));
        assertEquals(Access.USER, PagePolicy.of("/spice.html"));
    }

    @Test
    void adminPagesNeedTheAdminRole() {
        assertEquals(Access.ADMIN, PagePolicy.of("/admin"));
        assertEquals(Access.ADMIN, PagePolicy.of("/admin/"));
        assertEquals(Access.ADMIN, PagePolicy.of("/admin/index.html"));
        assertEquals(Access.ADMIN, PagePolicy.of("/admin/js/pools.js"));
    }

    @Test
    void assetsAndSignInArePublic() {
        for (String p : new String[] {"/css/portal.css", "/js/api.js", "/js/portal.js", "/img/logo.svg",
                "/js/spice-console.js", "/css/spice.css", "/spice-html5/src/main.js",
                "/auth/login", "/auth/callback", "/auth/backchannel-logout", "/administrator", "/api/v1/me"}) {
            assertEquals(Access.PUBLIC, PagePolicy.of(p), p);
        }
    }
}
