package org.vdi.broker.application;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

import org.vdi.broker.domain.model.audit.AuditEvent.Outcome;
import org.vdi.broker.domain.model.audit.AuditTrail;
import org.vdi.broker.domain.model.host.Host;
import org.vdi.broker.domain.model.host.HostRepository;
import org.vdi.broker.domain.model.host.VirtualizationType;
import org.vdi.broker.domain.model.hypervisor.HostProbe;
import org.vdi.broker.domain.model.hypervisor.Hypervisor;
import org.vdi.broker.domain.shared.BrokerException;
import org.vdi.broker.domain.shared.ErrorCode;
import org.vdi.broker.domain.shared.Names;

@Stateless
public class HostServiceBean implements HostService {

    @Inject
    HostRepository hosts;

    @Inject
    Hypervisor hypervisor;

    @Inject
    AuditTrail audit;

    @Override
    public Host register(HostRegistration r, String actor) {
        // checked before the lookup: PostgreSQL refuses some characters (NUL) in a query parameter
        if (!Names.isValid(r.name())) {
            throw BrokerException.about("name", ErrorCode.INVALID_NAME, "host name must be 1 to 64 characters of"
                    + " letters, digits, '-' or '_', starting with a letter or digit");
        }
        if (hosts.findByName(r.name()).isPresent()) {
            throw BrokerException.about("name", ErrorCode.CONFLICT, "a host named " + r.name() + " already exists");
        }
        Host host = new Host(r.name(), r.libvirtUri(), r.storagePool(),
                VirtualizationType.parse(r.virtualizationTypeOrDefault()), r.consoleAddressOrDefault(),
                r.maxDesktopsOrDefault(), r.maxMemoryMibOrDefault());
        HostProbe probe = hypervisor.probe(host);
        if (!probe.usable()) {
            audit.recordApart(actor, "host.register", "host", host.name(), Outcome.FAILED, probe.reason());
            throw new BrokerException(ErrorCode.HOST_UNAVAILABLE,
                    "host " + host.name() + " is not usable: " + probe.reason());
        }
        host.markUp(probe.kvmOffered(), Instant.now());
        hosts.add(host);
        audit.record(actor, "host.register", "host", host.id().toString(), Outcome.SUCCESS,
                host.name() + " " + host.libvirtUri());
        return host;
    }

    @Override
    public List<Host> list() {
        return hosts.findAll();
    }

    @Override
    public Host get(UUID id) {
        return hosts.find(id).orElseThrow(() -> BrokerException.notFound("host", id));
    }

    @Override
    public HostProbe probe(UUID id) {
        Host host = get(id);
        return record(host, hypervisor.probe(host));
    }

    @Override
    public List<Host> probeAll() {
        List<Host> all = hosts.findAll();
        for (Host host : all) {
            if (host.enabled()) {
                record(host, hypervisor.probe(host));
            }
        }
        return all;
    }

    private static HostProbe record(Host host, HostProbe probe) {
        if (probe.usable()) {
            host.markUp(probe.kvmOffered(), Instant.now());
        } else {
            host.markDown(probe.reason());
        }
        return probe;
    }
}
