package org.vdi.broker.infrastructure.persistence;

import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.ejb.Singleton;

/**
 * Declares the broker's PostgreSQL data source. The connection settings come
 * from MicroProfile Config (environment variables VDI_DB_URL, VDI_DB_USER,
 * VDI_DB_PASSWORD), so no address or secret is baked into the archive.
 */
@DataSourceDefinition(
        name = "java:app/jdbc/vdi",
        className = "org.postgresql.ds.PGSimpleDataSource",
        url = "${MPCONFIG=vdi.db.url}",
        user = "${MPCONFIG=vdi.db.user}",
        password = "${MPCONFIG=vdi.db.password}",
        minPoolSize = 2,
        maxPoolSize = 40)
@Singleton
public class BrokerDataSource {
}
