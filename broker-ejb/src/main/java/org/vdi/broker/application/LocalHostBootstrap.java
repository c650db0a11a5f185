package org.vdi.broker.application;

import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;

import org.vdi.broker.config.BootstrapHostConfig;
import org.vdi.broker.domain.shared.BrokerException;

/**
 * Registers the configured local host once, so a one-node installation works
 * without a first admin step. Does nothing when the host already exists or
 * when no bootstrap URI is configured; a failure is logged, never fatal.
 */
@Singleton
@Startup
@DependsOn("SchemaMigrator")
public class LocalHostBootstrap {

    private static final Logger LOG = Logger.getLogger(LocalHostBootstrap.class.getName());

    @Inject
    BootstrapHostConfig config;

    @EJB
    HostService hosts;

    @PostConstruct
    void registerLocalHost() {
        config.uri().ifPresent(uri -> {
            boolean exists = hosts.list().stream().anyMatch(h -> h.name().equals(config.name()));
            if (exists) {
                return;
            }
            try {
                hosts.register(new HostRegistration(config.name(), uri, config.storagePool(), config.virtType(),
                        null, null, null), "system");
                LOG.log(Level.INFO, "Registered local host {0} at {1} ({2})",
                        new Object[] {config.name(), uri, config.virtType()});
            } catch (BrokerException e) {
                LOG.log(Level.WARNING, "Could not register local host {0}: {1}",
                        new Object[] {config.name(), e.getMessage()});
            }
        });
    }
}
