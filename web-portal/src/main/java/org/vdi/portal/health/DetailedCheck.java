package org.vdi.portal.health;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * A health check with two faces: {@code /health}, which anyone may ask, gets
 * the name and UP or DOWN only, while administrators read the details (host
 * names, addresses, errors) at {@code GET /api/v1/health}. Addresses and raw
 * errors tell a stranger where to aim; the status is all a load balancer needs.
 */
public interface DetailedCheck extends HealthCheck {

    /** The check with its data, for administrators. */
    HealthCheckResponse details();

    @Override
    default HealthCheckResponse call() {
        return bare(details());
    }

    /** The response without its data. */
    static HealthCheckResponse bare(HealthCheckResponse detailed) {
        return HealthCheckResponse.named(detailed.getName()).status(
                detailed.getStatus() == HealthCheckResponse.Status.UP).build();
    }
}
