package org.vdi.portal.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.junit.jupiter.api.Test;

class CsrfCheckTest {

    private static final SignedInUser ALICE = new SignedInUser("alice", List.of("vdi-user"), List.of("staff"),
            "sub", "sid", "id-token", "k3Jd9xQ0mZ7pL2vB8nR4tY6wE1aS5dF3gH7jK9lP0oI", Instant.now());

    private static HttpServletRequest request(String csrfHeader) {
        return (HttpServletRequest) Proxy.newProxyInstance(HttpServletRequest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getHeader" -> SessionApiAuthentication.CSRF_HEADER.equalsIgnoreCase((String) args[0])
                            ? csrfHeader : null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void onlyTheSessionsOwnTokenPasses() {
        assertTrue(SessionApiAuthentication.csrfTokenMatches(request(ALICE.csrfToken()), ALICE));
        assertFalse(SessionApiAuthentication.csrfTokenMatches(request(null), ALICE));
        assertFalse(SessionApiAuthentication.csrfTokenMatches(request(""), ALICE));
        assertFalse(SessionApiAuthentication.csrfTokenMatches(request(ALICE.csrfToken() + "x"), ALICE));
        assertFalse(SessionApiAuthentication.csrfTokenMatches(request(ALICE.csrfToken().toUpperCase()), ALICE));
    }

    @Test
    void safeMethodsAreTheReadOnlyOnes() {
        assertTrue(SessionApiAuthentication.SAFE_METHODS.contains("GET"));
        assertTrue(SessionApiAuthentication.SAFE_METHODS.contains("HEAD"));
        for (String m : new String[] {"POST", "PUT", "DELETE", "PATCH", "get"}) {
            assertFalse(SessionApiAuthentication.SAFE_METHODS.contains(m), m);
        }
    }

    @Test
    void signedInUserNeverShowsItsTokensInLogs() {
        assertFalse(ALICE.toString().contains(ALICE.csrfToken()) || ALICE.toString().contains("id-token"));
    }
}
