package org.vdi.broker.infrastructure.libvirt;

import java.time.Instant;

import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.vdi.broker.domain.model.host.Host;
import org.vdi.broker.domain.model.hypervisor.ConsoleEndpoint;
import org.vdi.broker.domain.shared.BrokerException;
import org.vdi.broker.domain.shared.ErrorCode;

/**
 * Opens a desktop's display for one console: sets a fresh password with an
 * expiry on the running domain (QEMU's own expiry, so a leaked password stops
 * working by itself) and tells where the display listens. Only the live
 * domain changes; the definition keeps its random password, so a restarted
 * desktop is closed again until the next console.
 */
final class ConsoleAccess {

    private final LibvirtConnections connections;
    private final ConsolePasswords passwords = new ConsolePasswords();

    ConsoleAccess(LibvirtConnections connections) {
        this.connections = connections;
    }

    ConsoleEndpoint open(Host host, String domainName, String protocol, String password, Instant validUntil) {
        String type = ConsolePasswords.requireProtocol(protocol);
        ConsolePasswords.require(type, password);
        if (validUntil == null || !validUntil.isAfter(Instant.now())) {
            throw BrokerException.invalid("a console password must be valid until a time in the future");
        }
        HostConnection hc = HostConnection.open(connections, host);
        Domain d = hc.requireDomain(domainName);
        try {
            if (d.isActive() != 1) {
                throw new BrokerException(ErrorCode.INVALID_STATE,
                        "host " + hc.hostName() + ": domain " + domainName + " is not running");
            }
            String update = GraphicsXml.passwordUpdate(d.getXMLDesc(0), type, password, validUntil)
                    .orElseThrow(() -> new BrokerException(ErrorCode.INVALID_STATE,
                            "host " + hc.hostName() + ": domain " + domainName + " has no " + type + " display"));
            d.updateDeviceFlags(update, Domain.DeviceModifyFlags.LIVE);
            GraphicsXml.Ports ports = GraphicsXml.ports(d.getXMLDesc(0), type)
                    .filter(p -> p.port() > 0 || p.tlsPort() > 0)
                    .orElseThrow(() -> Failures.of(hc.hostName(), "open " + type + " console of", domainName,
                            "libvirt reports no port for the display"));
            return new ConsoleEndpoint(type, host.consoleAddress(), ports.port(), ports.tlsPort(), password);
        } catch (LibvirtException e) {
            throw hc.failure("set the " + type + " password of domain", domainName, e);
        }
    }

    /**
     * Closes every display of a running domain (VNC and SPICE) to whoever had it:
     * a random password that has expired already, and SPICE's connected clients
     * dropped. Nothing happens for a domain that is not running (its definition
     * keeps a random password, see above) or does not exist.
     */
    void lock(Host host, String domainName) {
        HostConnection hc = HostConnection.open(connections, host);
        Domain d = hc.findDomain(domainName).orElse(null);
        if (d == null) {
            return;
        }
        try {
            if (d.isActive() != 1) {
                return;
            }
            Instant now = Instant.now();
            for (String type : new String[] {"vnc", "spice"}) {
                var update = GraphicsXml.lockUpdate(d.getXMLDesc(0), type, passwords.random(type), now);
                if (update.isPresent()) {
                    d.updateDeviceFlags(update.get(), Domain.DeviceModifyFlags.LIVE);
                }
            }
        } catch (LibvirtException e) {
            throw hc.failure("lock the displays of domain", domainName, e);
        }
    }

    /**
     * Where the display of a running domain listens, without touching its
     * password: for a console whose password was set earlier (SPICE in the
     * browser sets it when the ticket is issued, as the page needs it).
     */
    ConsoleEndpoint locate(Host host, String domainName, String protocol) {
        String type = ConsolePasswords.requireProtocol(protocol);
        HostConnection hc = HostConnection.open(connections, host);
        Domain d = hc.requireDomain(domainName);
        try {
            if (d.isActive() != 1) {
                throw new BrokerException(ErrorCode.INVALID_STATE,
                        "host " + hc.hostName() + ": domain " + domainName + " is not running");
            }
            GraphicsXml.Ports ports = GraphicsXml.ports(d.getXMLDesc(0), type)
                    .filter(p -> p.port() > 0 || p.tlsPort() > 0)
                    .orElseThrow(() -> Failures.of(hc.hostName(), "locate " + type + " console of", domainName,
                            "libvirt reports no port for the display"));
            return new ConsoleEndpoint(type, host.consoleAddress(), ports.port(), ports.tlsPort(), "");
        } catch (LibvirtException e) {
            throw hc.failure("read the " + type + " display of domain", domainName, e);
        }
    }
}
