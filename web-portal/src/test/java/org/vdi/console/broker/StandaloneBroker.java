package org.vdi.console.broker;

import org.vdi.console.config.StandaloneSettings;

/** console-proxy's HTTP client of the broker, as a node of its own uses it, for tests outside a container. */
public final class StandaloneBroker {

    private StandaloneBroker() {
    }

    public static BrokerClient at(String internalUrl, String proxyKey) {
        BrokerClient c = new BrokerClient();
        c.settings = StandaloneSettings.of(internalUrl, proxyKey);
        return c;
    }
}
