package org.vdi.broker.domain.model.hypervisor;

/**
 * Where console-proxy reaches a desktop's display. The password is the one
 * just set on the domain; it goes to console-proxy only, never to a browser.
 */
public record ConsoleEndpoint(String protocol, String host, int port, int tlsPort, String password) {

    @Override
    public String toString() {
        // never log the password
        return "ConsoleEndpoint[" + protocol + " " + host + ":" + port + "]";
    }
}
