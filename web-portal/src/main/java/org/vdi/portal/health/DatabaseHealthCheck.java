package org.vdi.portal.health;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.vdi.broker.infrastructure.persistence.SchemaMigrator;

/** "db": PostgreSQL answers a query, and the schema version Flyway reached. */
@Readiness
@ApplicationScoped
public class DatabaseHealthCheck implements DetailedCheck {

    @Resource(lookup = "java:app/jdbc/vdi")
    DataSource dataSource;

    @Inject
    SchemaMigrator migrator;

    @Override
    public HealthCheckResponse details() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("db");
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.setQueryTimeout(3);
            try (ResultSet rs = s.executeQuery("select version()")) {
                rs.next();
                return b.up()
                        .withData("server", rs.getString(1).split(",")[0])
                        .withData("schemaVersion", String.valueOf(migrator.schemaVersion()))
                        .build();
            }
        } catch (Exception e) {
            return b.down().withData("reason", String.valueOf(e.getMessage())).build();
        }
    }
}
