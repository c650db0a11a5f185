package org.vdi.portal.security;

import java.util.Set;
import java.util.TreeSet;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

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
    public static AccessToken of(JsonObject claims) throws TokenRejectedException {
        String name = claims.get(NAME_CLAIM) instanceof JsonString s ? s.getString().trim() : "";
        if (name.isEmpty()) {
            throw new TokenRejectedException(Reason.MISSING_CLAIM, "the token has no user name (" + NAME_CLAIM + ")");
        }
        return new AccessToken(name, strings(claims.get(ROLES_CLAIM)), strings(claims.get(GROUPS_CLAIM)));
    }

    public Caller caller() {
        return new Caller(name, groups, roles);
    }

    /** A single string or an array of strings; anything else counts as none. */
    private static Set<String> strings(JsonValue v) {
        Set<String> out = new TreeSet<>();
        if (v instanceof JsonString s) {
            out.add(s.getString());
        } else if (v != null && v.getValueType() == JsonValue.ValueType.ARRAY) {
            v.asJsonArray().forEach(e -> {
                if (e instanceof JsonString s) {
                    out.add(s.getString());
                }
            });
        }
        return out;
    }
}
