package org.vdi.broker.application;

import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import org.vdi.broker.domain.model.host.Host;
import org.vdi.broker.domain.model.hypervisor.HostProbe;

/** Registering KVM hosts and keeping track of whether they are usable. */
public interface HostService {

    /**
     * Registers a host after contacting it once, so a wrong URI or a missing
     * storage pool is reported at once rather than when the first desktop fails.
     */
    Host register(@NotNull @Valid HostRegistration registration, @NotNull String actor);

    List<Host> list();

    Host get(@NotNull UUID id);

    /** Contacts the host now and records what was found. */
    HostProbe probe(@NotNull UUID id);

    /** Contacts every enabled host and records what was found; returns them. */
    List<Host> probeAll();
}
