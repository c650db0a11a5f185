package org.vdi.portal.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletResponse;

/**
 * Adds {@code SameSite=Lax} to the page session cookie where the container did
 * not: Payara takes SameSite for session cookies only from its HTTP listener's
 * settings, not from the application's SessionCookieConfig. Called right after the
 * two places that create or renew the session (sign-in start and callback).
 */
final class SessionCookie {

    private static final String SET_COOKIE = "Set-Cookie";

    private SessionCookie() {
    }

    static void sameSiteLax(HttpServletResponse response) {
        List<String> cookies = new ArrayList<>(response.getHeaders(SET_COOKIE));
        boolean changed = false;
        for (int i = 0; i < cookies.size(); i++) {
            String c = cookies.get(i);
            if (c.startsWith(SessionListener.COOKIE_NAME + "=") && !c.toLowerCase(Locale.ROOT).contains("samesite=")) {
                cookies.set(i, c + "; SameSite=Lax");
                changed = true;
            }
        }
        if (!changed) {
            return;
        }
        response.setHeader(SET_COOKIE, cookies.get(0));
        for (String c : cookies.subList(1, cookies.size())) {
            response.addHeader(SET_COOKIE, c);
        }
    }
}
