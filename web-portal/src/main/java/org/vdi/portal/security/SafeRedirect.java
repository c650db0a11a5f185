package org.vdi.portal.security;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where the portal may send a browser after signing in: only a path of this
 * portal. Anything else ({@code https://evil}, {@code //evil}, {@code /\evil},
 * control characters, the sign-in endpoints themselves) becomes "/", so
 * {@code next} cannot turn the portal into an open redirector or a loop.
 */
public final class SafeRedirect {

    static final int MAX_LENGTH = 2048;

    private SafeRedirect() {
    }

    public static String relative(String next) {
        if (next == null || next.isEmpty() || next.length() > MAX_LENGTH || !next.startsWith("/")) {
            return "/";
        }
        if (next.startsWith("//") || next.indexOf('\\') >= 0) {
            return "/";
        }
        for (int i = 0; i < next.length(); i++) {
            char c = next.charAt(i);
            if (c < 0x21 || c == 0x7f) {
                return "/";
            }
        }
        URI uri;
        try {
            uri = new URI(next);
        } catch (URISyntaxException e) {
            return "/";
        }
        if (uri.getScheme() != null || uri.getRawAuthority() != null || uri.getRawPath() == null) {
            return "/";
        }
        if (uri.getRawPath().equals("/auth") || uri.getRawPath().startsWith("/auth/")) {
            return "/";
        }
        return next;
    }
}
