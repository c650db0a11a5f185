package org.vdi.portal.directory;

/**
 * A Keycloak group or realm role as the pool form offers it for entitlements.
 *
 * @param name        what an entitlement names (groups by name, as the
 *                    {@code vdi_groups} claim carries them, not by path)
 * @param path        a group's full path ("/staff/eng"); a role's name
 * @param description a role's description; null for groups
 */
public record DirectoryEntry(String name, String path, String description) {
}
