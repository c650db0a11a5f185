package org.vdi.console.config;

import java.util.Optional;

/** console-proxy's settings as a node of its own would read them, for tests outside a container. */
public final class StandaloneSettings {

    private StandaloneSettings() {
    }

    public static ConsoleSettings of(String brokerUrl, String proxyKey) {
        ConsoleSettings s = new ConsoleSettings();
        s.brokerUrl = brokerUrl;
        s.proxyKey = Optional.ofNullable(proxyKey);
        s.allowedOrigins = Optional.empty();
        return s;
    }
}
