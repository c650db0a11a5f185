package org.vdi.portal.it;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;

/**
 * What the integration tests learn from their environment. {@code ./vdi test}
 * (scripts/test.sh) starts the stack and exports these; a missing one fails
 * the test with its name, never a guess.
 *
 * <ul>
 * <li>VDI_PORTAL_URL, VDI_KEYCLOAK_URL: the running portal and Keycloak</li>
 * <li>VDI_LIBVIRT_URI, VDI_STORAGE_POOL, VDI_GOLDEN_VOLUME, VDI_VIRT_TYPE: the hypervisor side</li>
 * <li>VDI_NAME_PREFIX: every domain, volume and pool the tests create starts with it,
 * so the test run's cleanup finds them</li>
 * <li>VDI_SERIAL_DIR: the broker's serial logs, {@code <desktop>.log}</li>
 * <li>VDI_DB_URL, VDI_DB_USER, VDI_DB_PASSWORD: the broker's database</li>
 * <li>VDI_KEYCLOAK_ADMIN_PASSWORD_FILE (and optionally VDI_KEYCLOAK_ADMIN_USER, default
 * kcadmin): Keycloak's master realm admin</li>
 * <li>VDI_INTERNAL_URL, VDI_PROXY_KEY_FILE: the broker's internal listener and the key
 * that signs its calls</li>
 * <li>VDI_TEST_ARTIFACTS (optional): where tests keep serial logs and domain XML</li>
 * </ul>
 */
public final class ItEnv {

    private static final SecureRandom RANDOM = new SecureRandom();

    private ItEnv() {
    }

    public static String require(String name) {
        String v = System.getenv(name);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " is not set; the integration tests"
                    + " run against the stack that ./vdi test starts (see scripts/test.sh)");
        }
        return v.strip();
    }

    public static String optional(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v.strip();
    }

    public static String portalUrl() {
        return stripSlash(require("VDI_PORTAL_URL"));
    }

    public static String apiUrl() {
        return portalUrl() + "/api/v1";
    }

    public static String keycloakUrl() {
        return stripSlash(require("VDI_KEYCLOAK_URL"));
    }

    public static String libvirtUri() {
        return require("VDI_LIBVIRT_URI");
    }

    public static String storagePool() {
        return require("VDI_STORAGE_POOL");
    }

    public static String goldenVolume() {
        return require("VDI_GOLDEN_VOLUME");
    }

    public static String virtType() {
        return require("VDI_VIRT_TYPE");
    }

    public static String prefix() {
        return require("VDI_NAME_PREFIX");
    }

    public static Path serialDir() {
        return Path.of(require("VDI_SERIAL_DIR"));
    }

    /** Random lower-case hex, for unique names. */
    public static String random(int hexChars) {
        byte[] b = new byte[(hexChars + 1) / 2];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b).substring(0, hexChars);
    }

    /**
     * A fresh name "{prefix}-{kind}-{random}" for a pool, image, user or
     * domain: unique per run, and found by the test run's cleanup.
     */
    public static String unique(String kind) {
        return (prefix() + "-" + kind + "-" + random(6)).toLowerCase(Locale.ROOT);
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
