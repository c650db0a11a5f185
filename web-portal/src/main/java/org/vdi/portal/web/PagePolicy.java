package org.vdi.portal.web;

/**
 * Which pages need what. The user portal and the console pages (Guacamole and
 * SPICE) need a signed-in user (vdi-user or vdi-admin), everything under /admin
 * the role vdi-admin; the rest (styles, scripts, the sign-in endpoints, health)
 * is public and holds no data: the data comes from the REST API, which checks
 * every call itself.
 */
public final class PagePolicy {

    /** What a path needs. */
    public enum Access {
        PUBLIC,
        USER,
        ADMIN
    }

    private PagePolicy() {
    }

    /** @param path the decoded, normalised path inside the application (servlet path + path info) */
    public static Access of(String path) {
        String p = path == null || path.isEmpty() ? "/" : path;
        if (p.equals("/admin") || p.startsWith("/admin/")) {
            return Access.ADMIN;
        }
        if (p.equals("/") || p.equals("/index.html") || p.equals("/console.html") || p.equals("/spice.html")) {
            return Access.USER;
        }
        return Access.PUBLIC;
    }
}
