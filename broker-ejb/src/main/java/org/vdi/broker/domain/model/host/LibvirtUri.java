package org.vdi.broker.domain.model.host;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;

import org.vdi.broker.domain.shared.BrokerException;

/**
 * A libvirt connection URI the broker accepts for a host: the QEMU driver,
 * locally or over ssh/tls/tcp, or libvirt's in-memory {@code test} driver.
 * Anything else (other drivers, shell metacharacters, control characters) is
 * refused before it ever reaches libvirt. So are the transport parameters that
 * run commands or switch checks off ({@code command=}, {@code netcat=},
 * {@code socket=}, {@code proxy=}, {@code no_verify=}, {@code known_hosts_verify=},
 * ...): only {@link #PARAMETERS} may be given, which name keys, known hosts and
 * how to authenticate.
 */
public final class LibvirtUri {

    private static final Set<String> SCHEMES = Set.of("qemu", "qemu+ssh", "qemu+tls", "qemu+tcp", "qemu+unix", "test");
    /** The URI parameters a host may have: which key, which known hosts, which authentication, which mode. */
    public static final Set<String> PARAMETERS = Set.of("keyfile", "known_hosts", "sshauth", "pkipath", "mode",
            "no_tty");

    private LibvirtUri() {
    }

    public static String require(String value) {
        if (value == null || value.isBlank() || value.length() > 512) {
            throw BrokerException.invalid("libvirt URI is required (at most 512 characters), e.g. qemu:///system");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c == 0x7f || c == '<' || c == '>' || c == '"' || c == '\'' || c == '`' || c == '\\') {
                throw BrokerException.invalid("libvirt URI contains a character that is not allowed");
            }
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw BrokerException.invalid("libvirt URI is not a valid URI: " + e.getReason());
        }
        String scheme = uri.getScheme();
        if (scheme == null || !SCHEMES.contains(scheme)) {
            throw BrokerException.invalid("libvirt URI scheme must be one of " + SCHEMES + ", e.g. qemu:///system");
        }
        String query = uri.getRawQuery();
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                String name = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
                if (!PARAMETERS.contains(name)) {
                    throw BrokerException.invalid("libvirt URI parameter '" + name + "' is not allowed (allowed: "
                            + new java.util.TreeSet<>(PARAMETERS) + "): it could run a command or switch a check off");
                }
            }
        }
        if (uri.getRawFragment() != null) {
            throw BrokerException.invalid("libvirt URI must not have a fragment");
        }
        return value;
    }
}
