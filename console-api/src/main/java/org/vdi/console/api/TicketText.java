package org.vdi.console.api;

import java.util.regex.Pattern;

/**
 * What a console ticket looks like on the wire: {@code <id>.<mac>}, both
 * base64url without padding (22 + 1 + 43 characters). The broker issues only
 * such tickets, so console-proxy refuses anything else itself, before any call:
 * a flood of junk costs neither a broker round trip nor an audit row.
 */
public final class TicketText {

    private static final Pattern SHAPE = Pattern.compile("^[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}$");

    private TicketText() {
    }

    /** Whether the text has a ticket's shape (it may still be forged, expired or used). */
    public static boolean wellFormed(String text) {
        return text != null && text.length() == 66 && SHAPE.matcher(text).matches();
    }
}
