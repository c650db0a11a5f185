package org.vdi.portal.web;

import java.io.IOException;
import java.io.PrintWriter;

import jakarta.servlet.http.HttpServletResponse;

/**
 * The few pages the server writes itself (no access, sign-in failed, signed
 * out): one card in the portal's look, with the portal's own style sheet and no
 * script. Every piece of text is escaped here, whatever its source.
 */
final class HtmlPage {

    /** A link the page offers. */
    record Link(String href, String label, boolean primary) {
    }

    private HtmlPage() {
    }

    static void send(HttpServletResponse response, int status, String title, String message, Link... links)
            throws IOException {
        response.setStatus(status);
        response.setContentType("text/html");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        SecurityHeaders.apply(response);
        StringBuilder actions = new StringBuilder();
        for (Link l : links) {
            actions.append("<a class=\"button").append(l.primary() ? " button-primary" : "").append("\" href=\"")
                    .append(escape(l.href())).append("\">").append(escape(l.label())).append("</a>");
        }
        PrintWriter w = response.getWriter();
        w.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title>" + escape(title) + " · VDI Portal</title>\n"
                + "<link rel=\"stylesheet\" href=\"/css/portal.css\">\n"
                + "<link rel=\"icon\" href=\"/img/logo.svg\" type=\"image/svg+xml\">\n"
                + "</head>\n<body class=\"page-notice\">\n"
                + "<main class=\"notice\" id=\"main\">\n"
                + "<a class=\"brand brand-notice\" href=\"/\"><img src=\"/img/logo.svg\" alt=\"\" width=\"32\" height=\"32\">"
                + "<span>VDI Portal</span></a>\n"
                + "<section class=\"notice-card\" aria-labelledby=\"notice-title\">\n"
                + "<h1 id=\"notice-title\">" + escape(title) + "</h1>\n"
                + "<p>" + escape(message) + "</p>\n"
                + "<div class=\"notice-actions\">" + actions + "</div>\n"
                + "</section>\n</main>\n</body>\n</html>\n");
        w.flush();
    }

    /** HTML escaping for text and attribute values. */
    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
