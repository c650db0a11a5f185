package org.vdi.broker.domain.model.host;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Hosts as the domain needs them; the JPA adapter lives in infrastructure. */
public interface HostRepository {

    Optional<Host> find(UUID id);

    Optional<Host> findByName(String name);

    List<Host> findAll();

    void add(Host host);
}
