package org.vdi.portal.security;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

import com.nimbusds.jwt.JWTClaimsSet;

import org.vdi.broker.application.Caller;
import org.vdi.portal.security.TokenRejectedException.Reason;

/**
 * What the portal takes from a verified Keycloak access token. The realm's
 * mappers put realm roles into the claim {@code groups} (the name Jakarta
 * Security and MicroProfile JWT look for) and Keycloak groups into
 * {@code vdi_groups}, which pool entitlements use.
 */
public record AccessToken(String name, Set<String> roles, Set<String> groups) {

    static final String NAME_CLAIM = "preferred_username";
    static final String ROLES_CLAIM = "groups";
    static final String GROUPS_CLAIM = "vdi_groups";

    public AccessToken {
        roles = Set.copyOf(roles);
        groups = Set.copyOf(groups);
    }

    /** The portal's view of verified claims; a token without a user name is refused. */
    public static AccessToken of(JWTClaimsSet claims) throws TokenRejectedException {
        String name = claims.getClaim(NAME_CLAIM) instanceof String s ? s.trim() : "";
        if (name.isEmpty()) {
            throw new TokenRejectedException(Reason.MISSING_CLAIM, "the token has no user name (" + NAME_CLAIM + ")");
        }
        return new AccessToken(name, strings(claims.getClaim(ROLES_CLAIM)), strings(claims.getClaim(GROUPS_CLAIM)));
    }

    public Caller caller() {
        return new Caller(name, groups, roles);
    }

    /** A single string or an array of strings; anything else counts as none. */
    private static Set<String> strings(Object v) {
        Set<String> out = new TreeSet<>();
        if (v instanceof String s) {
            out.add(s);
        } else if (v instanceof Collection<?> values) {
            values.forEach(e -> {
                if (e instanceof String s) {
                    out.add(s);
                }
            });
        }
        return out;
    }
}
