package org.vdi.broker.domain.model.pool.schedule;

import java.time.Instant;

/** The moment a pool's capacity target changes, and the target from then on. */
public record CapacityChange(Instant at, CapacityTarget target) {
}
