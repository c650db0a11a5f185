package org.vdi.portal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml is valid for Debian's docker-compose (no engine runs here),
 * wires console-proxy to guacd, and refuses to start without its secrets
 * rather than falling back to a default password.
 */
class DockerComposeIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static final Map<String, String> SECRETS = Map.of(
            "VDI_DB_PASSWORD", "db-secret", "KEYCLOAK_DB_PASSWORD", "kc-db-secret",
            "KEYCLOAK_ADMIN_PASSWORD", "kc-admin", "VDI_PORTAL_CLIENT_SECRET", "portal-secret",
            "VDI_TICKET_KEY", "ticket-key");

    private record Result(int exit, String out) {
    }

    private static Result compose(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("docker-compose", "-f", "docker-compose.yml"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("VDI_") || k.startsWith("KEYCLOAK_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "docker-compose did not finish");
        return new Result(p.exitValue(), out);
    }

    @Test
    void validatesWithItsSecrets() throws Exception {
        Result r = compose(SECRETS, "config", "-q");
        assertEquals(0, r.exit(), r.out());
    }

    @Test
    void wiresTheFourServices() throws Exception {
        Result r = compose(SECRETS, "config", "--services");
        assertEquals(0, r.exit(), r.out());
        List<String> services = r.out().lines().map(String::strip).sorted().toList();
        assertEquals(List.of("guacd", "keycloak", "payara", "postgres"), services);

        String config = compose(SECRETS, "config").out();
        assertTrue(config.contains("VDI_GUACD_HOST: guacd"), "console-proxy must use guacd:\n" + config);
        assertTrue(config.contains("image: guacamole/guacd"), config);
        assertTrue(config.contains("--import-realm"), "Keycloak must import the vdi realm");
        assertTrue(config.contains("vdi-realm.json"), config);
    }

    /** The realm compose imports has no person in it and no client that takes passwords. */
    @Test
    void importsTheProductionRealmWithoutUsersOrPasswordGrants() throws Exception {
        String config = compose(SECRETS, "config").out();
        // docker-compose 1.x prints volumes as host:container[:mode]
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "- ([^\\s:]+):/opt/keycloak/data/import/[^\\s:]+\\.json").matcher(config);
        assertTrue(m.find(), "compose imports a realm file:\n" + config);
        Path realm = Path.of(m.group(1));
        assertEquals("vdi-realm-production.json", realm.getFileName().toString(), config);
        Map<String, Object> r = org.vdi.portal.it.Json.object(org.vdi.portal.it.Json.parse(Files.readString(realm)));
        assertEquals("vdi", r.get("realm"));
        for (Map<String, Object> u : org.vdi.portal.it.Json.objects(r.getOrDefault("users", List.of()))) {
            assertTrue(u.get("serviceAccountClientId") != null, "a person in the production realm: "
                    + u.get("username"));
            assertTrue(u.get("credentials") == null, "credentials in the production realm: " + u.get("username"));
        }
        for (Map<String, Object> c : org.vdi.portal.it.Json.objects(r.get("clients"))) {
            assertNotEquals(Boolean.TRUE, c.get("directAccessGrantsEnabled"), "password grant on " + c.get("clientId"));
            assertNotEquals(Boolean.TRUE, c.get("implicitFlowEnabled"), "implicit flow on " + c.get("clientId"));
            assertTrue(!String.valueOf(c.get("redirectUris")).contains("localhost"),
                    "a localhost redirect URI on " + c.get("clientId") + ": " + c.get("redirectUris"));
        }
        List<String> roles = org.vdi.portal.it.Json.objects(org.vdi.portal.it.Json.object(r.get("roles")).get("realm"))
                .stream().map(x -> String.valueOf(x.get("name"))).toList();
        assertTrue(roles.containsAll(List.of("vdi-user", "vdi-admin")), roles.toString());
    }

    @Test
    void refusesToRunWithoutSecrets() throws Exception {
        Result r = compose(Map.of(), "config", "-q");
        assertNotEquals(0, r.exit(), "docker-compose accepted a stack without its secrets");
        assertTrue(r.out().contains("set VDI_DB_PASSWORD") || r.out().contains("set KEYCLOAK"), r.out());
    }

    @Test
    void keepsNoSecretInTheRepository() throws Exception {
        String yml = Files.readString(ROOT.resolve("docker-compose.yml"));
        assertTrue(yml.lines().filter(l -> l.matches("\\s*[A-Z_]*(PASSWORD|SECRET|KEY):.*"))
                .allMatch(l -> l.contains("${")), "a secret is written into docker-compose.yml");
    }
}
