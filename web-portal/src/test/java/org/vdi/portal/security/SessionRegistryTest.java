package org.vdi.portal.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.List;

import jakarta.servlet.http.HttpSession;

import org.junit.jupiter.api.Test;

class SessionRegistryTest {

    private static HttpSession session(String id) {
        return (HttpSession) Proxy.newProxyInstance(HttpSession.class.getClassLoader(),
                new Class<?>[] {HttpSession.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getId" -> id;
                    case "hashCode" -> id.hashCode();
                    case "equals" -> proxy == args[0];
                    case "toString" -> "session " + id;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static SignedInUser user(String name, String sub, String sid) {
        return new SignedInUser(name, List.of("vdi-user"), List.of("staff"), sub, sid, "id-token", "csrf",
                Instant.now());
    }

    @Test
    void findsTheSessionsOfAKeycloakSessionOrOfAUser() {
        SessionRegistry r = new SessionRegistry();
        r.register(session("a1"), user("alice", "sub-alice", "sid-1"));
        r.register(session("a2"), user("alice", "sub-alice", "sid-2"));
        r.register(session("b1"), user("bob", "sub-bob", "sid-3"));

        assertEquals(List.of("a1"), ids(r.find("sid-1", null)));
        assertEquals(List.of("a1"), ids(r.find("sid-1", "sub-alice")));
        assertTrue(r.find("sid-1", "sub-bob").isEmpty(), "sid and sub must agree");
        assertEquals(List.of("a1", "a2"), ids(r.find(null, "sub-alice")));
        assertTrue(r.find(null, null).isEmpty());
        assertTrue(r.find("sid-unknown", null).isEmpty());
        assertEquals("alice", r.find("sid-2", null).get(0).user());
    }

    @Test
    void forgetsEndedSessionsAndFollowsNewIds() {
        SessionRegistry r = new SessionRegistry();
        r.register(session("a1"), user("alice", "sub-alice", "sid-1"));
        r.renamed("a1", "a1-new");
        assertEquals(1, r.find("sid-1", null).size());
        r.forget("a1-new");
        assertTrue(r.find("sid-1", null).isEmpty());
        assertEquals(0, r.size());
    }

    private static List<String> ids(List<SessionRegistry.Found> found) {
        return found.stream().map(f -> f.session().getId()).sorted().toList();
    }
}
