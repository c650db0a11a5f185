package org.vdi.portal.directory;

import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.vdi.broker.domain.shared.BrokerException;
import org.vdi.broker.domain.shared.ErrorCode;
import org.vdi.portal.security.SignInSettings;

/**
 * The realm's groups and roles, for picking pool entitlements. Read through
 * Keycloak's admin REST API with the portal client's service account and kept
 * for {@link #TTL_MILLIS}, so a busy pool form costs Keycloak one request a
 * half minute. When Keycloak cannot be read the caller gets
 * {@code directory_unavailable} (503) and the form falls back to free text.
 */
@ApplicationScoped
public class Directory {

    static final long TTL_MILLIS = 30_000;

    private static final Logger LOG = Logger.getLogger(Directory.class.getName());

    @Inject
    SignInSettings settings;

    private KeycloakAdminClient client;
    private Cached groups;
    private Cached roles;

    private record Cached(List<DirectoryEntry> entries, long atMillis) {
        boolean freshAt(long now) {
            return now - atMillis < TTL_MILLIS;
        }
    }

    @PostConstruct
    void init() {
        Optional<String> secret = settings.clientSecret();
        client = secret.map(s -> new KeycloakAdminClient(settings.issuer(), settings.clientId(), s)).orElse(null);
    }

    // NOTE: synchronized: one Keycloak request at a time refreshes the cache and the
    // service token; the lock is held for at most the client's timeouts (a few seconds).
    public synchronized List<DirectoryEntry> groups() {
        long now = System.currentTimeMillis();
        if (groups == null || !groups.freshAt(now)) {
            groups = new Cached(load("groups", c -> DirectoryJson.groups(c.groupsJson())), now);
        }
        return groups.entries();
    }

    public synchronized List<DirectoryEntry> roles() {
        long now = System.currentTimeMillis();
        if (roles == null || !roles.freshAt(now)) {
            roles = new Cached(load("roles", c -> DirectoryJson.roles(c.rolesJson())), now);
        }
        return roles.entries();
    }

    /** One read of the directory. */
    private interface Load {
        List<DirectoryEntry> from(KeycloakAdminClient client) throws DirectoryException;
    }

    private List<DirectoryEntry> load(String what, Load load) {
        if (client == null) {
            throw new BrokerException(ErrorCode.DIRECTORY_UNAVAILABLE, "the Keycloak directory is not configured"
                    + " (no client secret for " + settings.clientId() + "); type " + what + " by name");
        }
        try {
            return load.from(client);
        } catch (DirectoryException e) {
            LOG.log(Level.WARNING, "cannot read the Keycloak " + what, e);
            throw new BrokerException(ErrorCode.DIRECTORY_UNAVAILABLE,
                    "Keycloak's " + what + " cannot be read right now; type " + what + " by name", e);
        }
    }
}
