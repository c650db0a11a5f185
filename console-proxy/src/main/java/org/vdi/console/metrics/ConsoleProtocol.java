package org.vdi.console.metrics;

/** What carries a console, as the {@code protocol} tag of {@code vdi_console_sessions}. */
public enum ConsoleProtocol {

    /** The Guacamole tunnel (to guacd or the built-in gateway). */
    GUACAMOLE("guacamole"),
    /** The SPICE bridge for spice-html5. */
    SPICE("spice");

    private final String tag;

    ConsoleProtocol(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }
}
