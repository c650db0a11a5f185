package org.vdi.broker.domain.model.host;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;

import org.vdi.broker.domain.shared.BrokerException;

/**
 * A libvirt connection URI the broker accepts for a host: the QEMU driver,
 * locally or over ssh/tls/tcp, or libvirt's in-memory {@code test} driver.
 * Anything else (other drivers, shell metacharacters, control characters) is
 * refused before it ever reaches libvirt.
 */
public final class LibvirtUri {

    private static final Set<String> SCHEMES = Set.of("qemu", "qemu+ssh", "qemu+tls", "qemu+tcp", "qemu+unix", "test");

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
        return value;
    }
}
