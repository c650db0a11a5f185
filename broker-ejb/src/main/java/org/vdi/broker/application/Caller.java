package org.vdi.broker.application;

import java.util.Objects;
import java.util.Set;

/**
 * Who is asking, as the web layer established it from Keycloak: the user
 * name, their Keycloak groups (for pool entitlements) and realm roles.
 */
public record Caller(String name, Set<String> groups, Set<String> roles) {

    public static final String ADMIN_ROLE = "vdi-admin";
    public static final String USER_ROLE = "vdi-user";

    public Caller {
        Objects.requireNonNull(name, "name");
        groups = groups == null ? Set.of() : Set.copyOf(groups);
        roles = roles == null ? Set.of() : Set.copyOf(roles);
    }

    public boolean admin() {
        return roles.contains(ADMIN_ROLE);
    }

    /** The broker itself (pool monitor, reconcile, timeouts). */
    public static Caller system() {
        return new Caller("system", Set.of(), Set.of(ADMIN_ROLE));
    }
}
