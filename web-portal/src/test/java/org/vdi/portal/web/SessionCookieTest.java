package org.vdi.portal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.Test;

class SessionCookieTest {

    /** A response that keeps its Set-Cookie headers in a list. */
    private static HttpServletResponse response(List<String> cookies) {
        return (HttpServletResponse) Proxy.newProxyInstance(HttpServletResponse.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getHeaders" -> new ArrayList<>(cookies);
                    case "setHeader" -> {
                        cookies.clear();
                        cookies.add((String) args[1]);
                        yield null;
                    }
                    case "addHeader" -> cookies.add((String) args[1]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void addsSameSiteToTheSessionCookieOnly() {
        List<String> cookies = new ArrayList<>(List.of("other=1; Path=/",
                SessionListener.COOKIE_NAME + "=abc; Path=/; HttpOnly"));
        SessionCookie.sameSiteLax(response(cookies));
        assertEquals(List.of("other=1; Path=/", SessionListener.COOKIE_NAME + "=abc; Path=/; HttpOnly; SameSite=Lax"),
                cookies);
    }

    @Test
    void leavesACookieThatHasSameSiteAlone() {
        List<String> cookies = new ArrayList<>(List.of(SessionListener.COOKIE_NAME + "=abc; Path=/; SameSite=Strict"));
        SessionCookie.sameSiteLax(response(cookies));
        assertEquals(List.of(SessionListener.COOKIE_NAME + "=abc; Path=/; SameSite=Strict"), cookies);
    }
}
