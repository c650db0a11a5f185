package org.vdi.portal.rest;

import java.nio.charset.StandardCharsets;

import org.vdi.broker.application.SpiceAccess;

/**
 * A virt-viewer connection file (.vv) for remote-viewer: a GLib key file with one
 * {@code [virt-viewer]} group. Values are escaped as GLib reads them back
 * ({@code \n}, {@code \r}, {@code \t}, {@code \\}, and {@code \s} for a leading
 * space), so a desktop name or title can never start a line of its own and
 * smuggle in a key such as {@code host=}.
 */
public final class VirtViewerFile {

    /** The media type virt-viewer registers for .vv files. */
    public static final String MEDIA_TYPE = "application/x-virt-viewer";

    private VirtViewerFile() {
    }

    /** The file's text: remote-viewer deletes it once read (it holds a password). */
    public static String render(SpiceAccess access) {
        StringBuilder sb = new StringBuilder("[virt-viewer]\n");
        line(sb, "type", "spice");
        line(sb, "host", access.host());
        if (access.port() > 0) {
            line(sb, "port", Integer.toString(access.port()));
        }
        if (access.tlsPort() > 0) {
            line(sb, "tls-port", Integer.toString(access.tlsPort()));
        }
        line(sb, "password", access.password());
        line(sb, "delete-this-file", "1");
        line(sb, "title", access.desktopName());
        // the usual keys, so a viewer behaves alike on every desktop
        line(sb, "release-cursor", "shift+f12");
        line(sb, "toggle-fullscreen", "shift+f11");
        line(sb, "secure-attention", "ctrl+alt+end");
        return sb.toString();
    }

    public static byte[] bytes(SpiceAccess access) {
        return render(access).getBytes(StandardCharsets.UTF_8);
    }

    /** The download's file name: the desktop's name, which the broker keeps to a strict pattern. */
    public static String fileName(SpiceAccess access) {
        String safe = access.desktopName().replaceAll("[^A-Za-z0-9._-]", "_");
        return (safe.isEmpty() ? "desktop" : safe) + ".vv";
    }

    private static void line(StringBuilder sb, String key, String value) {
        sb.append(key).append('=').append(escape(value)).append('\n');
    }

    /** GLib key file escaping of a string value. */
    static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case ' ' -> out.append(i == 0 ? "\\s" : " ");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(' '); // other control characters have no escape in a key file
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
