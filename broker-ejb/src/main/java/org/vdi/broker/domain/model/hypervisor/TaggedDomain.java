package org.vdi.broker.domain.model.hypervisor;

import java.util.UUID;

/** A domain on a host that carries the broker's metadata, as reconcile sees it. */
public record TaggedDomain(String name, UUID desktopId, UUID poolId, Hypervisor.PowerState state) {
}
