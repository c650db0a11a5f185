package org.vdi.portal.rest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.vdi.console.health.GuacdHealthCheck;
import org.vdi.portal.health.DatabaseHealthCheck;
import org.vdi.portal.health.KeycloakHealthCheck;
import org.vdi.portal.health.LibvirtHealthCheck;

/**
 * GET /health for administrators: the checks of {@code /health} with their
 * details (hosts, addresses, versions, errors), which {@code /health} itself
 * keeps to the status for anyone else.
 */
@Path("/health")
@RequestScoped
@RolesAllowed("vdi-admin")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {

    @Inject
    @Readiness
    DatabaseHealthCheck db;

    @Inject
    @Readiness
    KeycloakHealthCheck keycloak;

    @Inject
    @Readiness
    LibvirtHealthCheck libvirt;

    @Inject
    @Readiness
    GuacdHealthCheck guacd;

    /** The answer: UP when every check is, and each check with its data. */
    public record Report(String status, List<Check> checks) {
    }

    public record Check(String name, String status, Map<String, Object> data) {
    }

    @GET
    public Report get() {
        List<Check> checks = new ArrayList<>();
        for (HealthCheckResponse r : List.of(db.details(), keycloak.details(), libvirt.details(), guacd.details())) {
            Map<String, Object> data = new LinkedHashMap<>(r.getData().orElse(Map.of()));
            checks.add(new Check(r.getName(), r.getStatus().name(), data));
        }
        boolean up = checks.stream().allMatch(c -> c.status().equals("UP"));
        return new Report(up ? "UP" : "DOWN", checks);
    }
}
