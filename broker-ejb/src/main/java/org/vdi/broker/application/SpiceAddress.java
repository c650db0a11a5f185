package org.vdi.broker.application;

import java.util.Locale;
import java.util.Optional;

import org.vdi.broker.domain.shared.BrokerException;
import org.vdi.broker.domain.shared.ErrorCode;

/**
 * Which address a user's SPICE viewer connects to. The broker knows where a
 * desktop's display listens (the host's console address); that is only useful
 * to a viewer elsewhere when it is not a loopback or wildcard address. A
 * configured public host wins; a single-machine stack falls back to the name
 * the user reached the portal by, which reaches the same machine.
 */
public final class SpiceAddress {

    /** Host names and IP addresses, nothing a .vv file or a URI would have to escape. */
    private static final String HOST = "^[A-Za-z0-9.:-]{1,253}$";

    private SpiceAddress() {
    }

    /**
     * @param configured     vdi.spice.public-host, if set
     * @param consoleAddress where the host's displays listen
     * @param requestHost    the HTTP Host header of the portal request (may carry a port), or null
     * @throws BrokerException invalid_input when no usable address is left; internal_error
     *         when the configured one is not an address
     */
    public static String choose(Optional<String> configured, String consoleAddress, String requestHost) {
        if (configured.isPresent()) {
            if (!configured.get().matches(HOST)) {
                throw new BrokerException(ErrorCode.INTERNAL_ERROR,
                        "vdi.spice.public-host is not a host name or IP address");
            }
            return configured.get();
        }
        if (consoleAddress != null && !consoleAddress.isBlank() && !local(consoleAddress)) {
            return require(consoleAddress.strip(), "the host's console address");
        }
        String fromRequest = hostOnly(requestHost);
        if (fromRequest == null) {
            throw BrokerException.invalid("the desktop's display listens on " + consoleAddress
                    + " only and the request names no host; set vdi.spice.public-host");
        }
        return require(fromRequest, "the request's Host header");
    }

    /** Loopback and wildcard addresses: no use to a viewer on another machine. */
    static boolean local(String address) {
        String a = address.strip().toLowerCase(Locale.ROOT);
        return a.equals("localhost") || a.startsWith("127.") || a.equals("::1") || a.equals("[::1]")
                || a.equals("0.0.0.0") || a.equals("::") || a.equals("[::]");
    }

    /** "name:port" or "[v6]:port" to the name or address alone. */
    static String hostOnly(String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank()) {
            return null;
        }
        String h = hostHeader.strip();
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end > 1 ? h.substring(1, end) : null;
        }
        int colon = h.indexOf(':');
        if (colon >= 0 && h.indexOf(':', colon + 1) < 0) {
            h = h.substring(0, colon);
        }
        return h.isEmpty() ? null : h;
    }

    private static String require(String host, String source) {
        if (!host.matches(HOST)) {
            throw BrokerException.invalid(source + " is not a host name or IP address");
        }
        return host;
    }
}
