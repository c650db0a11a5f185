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
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml is valid for Debian's docker-compose (no engine runs here),
 * wires console-proxy to guacd, refuses to start without its secrets rather
 * than falling back to a default password, and gives each service the
 * variables its code reads (found in the code, see {@link ConfigNamesRead}).
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
        Path realm = importedRealm(config);
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

    /** The host file compose mounts as Keycloak's realm import. */
    private static Path importedRealm(String config) {
        // docker-compose 1.x prints volumes as host:container[:mode]
        Matcher m = Pattern.compile("- ([^\\s:]+):/opt/keycloak/data/import/[^\\s:]+\\.json").matcher(config);
        assertTrue(m.find(), "compose imports a realm file:\n" + config);
        return Path.of(m.group(1));
    }

    // --- each service gets the variables its code reads ---------------------------------

    /**
     * The configuration the node cannot serve production without although the code
     * has a fallback of sorts (an Optional that fails later, at first use): each with
     * the names that can give it (MicroProfile Config names; any one will do).
     * Names read through ${MPCONFIG=...} are added from the code itself.
     */
    private static final Map<String, List<String>> NODE_NEEDS = Map.of(
            "the console tickets' HMAC key (no console opens without it)", List.of("vdi.ticket.key"),
            "the realm whose tokens the portal accepts", List.of("vdi.oidc.issuer"),
            "the vdi-portal client's secret (page sign-in)", List.of("vdi.oidc.client-secret",
                    "vdi.portal.client-secret"),
            "the portal's public address (redirect URIs, the console origin)", List.of("vdi.public.url",
                    "vdi.portal.url"));

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z_][A-Z0-9_]*)(?::?[-?][^}]*)?\\}");

    @Test
    void givesTheNodeEveryVariableItsCodeNeedsAndNoneItDoesNotRead() throws Exception {
        ConfigNamesRead read = ConfigNamesRead.of(ROOT, "web-portal");
        Set<String> readable = read.names().stream().map(ConfigNamesRead::environmentName)
                .collect(Collectors.toSet());
        Map<String, String> env = renderedEnvironment("payara");
        Map<String, String> raw = rawEnvironment("payara");

        for (String var : env.keySet()) {
            if (var.startsWith("VDI_")) {
                assertTrue(readable.contains(var), "compose gives the node " + var
                        + ", which no code of the archive reads (a typo or a leftover?); it reads " + readable);
            }
        }
        Map<String, List<String>> needs = new java.util.LinkedHashMap<>(NODE_NEEDS);
        read.withoutDefault().forEach(n -> needs.put(n + " (the archive does not deploy without it)", List.of(n)));
        assertTrue(read.withoutDefault().contains("vdi.db.password"), "the data source's names were found: "
                + read.withoutDefault());
        for (Map.Entry<String, List<String>> need : needs.entrySet()) {
            need.getValue().forEach(n -> assertTrue(read.names().contains(n), "the code no longer reads " + n
                    + "; update NODE_NEEDS"));
            String var = need.getValue().stream().map(ConfigNamesRead::environmentName)
                    .filter(v -> !env.getOrDefault(v, "").isBlank()).findFirst()
                    .orElseThrow(() -> new AssertionError("compose does not give the node " + need.getKey()
                            + ": set one of " + need.getValue().stream().map(ConfigNamesRead::environmentName)
                                    .toList()));
            assertSetOrRequired("payara", var, raw.get(var));
        }
    }

    @Test
    void givesKeycloakEveryPlaceholderOfTheRealmItImports() throws Exception {
        String realm = Files.readString(importedRealm(compose(SECRETS, "config").out()));
        Map<String, String> env = renderedEnvironment("keycloak");
        Map<String, String> raw = rawEnvironment("keycloak");
        Matcher m = PLACEHOLDER.matcher(realm);
        int n = 0;
        while (m.find()) {
            n++;
            String var = m.group(1);
            assertTrue(!env.getOrDefault(var, "").isBlank(), "the realm file reads ${" + var
                    + "}, which compose does not give Keycloak");
            assertSetOrRequired("keycloak", var, raw.get(var));
        }
        assertTrue(n >= 2, "the production realm takes its secret and address from placeholders");
    }

    @Test
    void givesPostgresEveryVariableItsInitScriptsRead() throws Exception {
        String config = compose(SECRETS, "config").out();
        Matcher v = Pattern.compile("- ([^\\s:]+):/docker-entrypoint-initdb\\.d").matcher(config);
        assertTrue(v.find(), "compose mounts PostgreSQL's init scripts:\n" + config);
        Map<String, String> env = renderedEnvironment("postgres");
        Map<String, String> raw = rawEnvironment("postgres");
        try (Stream<Path> scripts = Files.list(Path.of(v.group(1)))) {
            for (Path s : scripts.toList()) {
                Matcher m = Pattern.compile("\\$\\{?([A-Z_][A-Z0-9_]*)").matcher(Files.readString(s));
                while (m.find()) {
                    String var = m.group(1);
                    assertTrue(!env.getOrDefault(var, "").isBlank(), s.getFileName() + " reads $" + var
                            + ", which compose does not give PostgreSQL");
                    assertSetOrRequired("postgres", var, raw.get(var));
                }
            }
        }
    }

    @Test
    void refusesToRunWithoutEachSecretNamingIt() throws Exception {
        for (String secret : SECRETS.keySet()) {
            Map<String, String> without = new java.util.HashMap<>(SECRETS);
            without.remove(secret);
            Result r = compose(without, "config", "-q");
            assertNotEquals(0, r.exit(), "docker-compose accepted a stack without " + secret);
            assertTrue(r.out().contains("set " + secret), "the refusal names " + secret + ": " + r.out());
        }
    }

    /**
     * A variable a service needs is written as a value, or as ${VAR:?message}, or
     * with a default that is not empty; a secret only as ${VAR:?message}.
     */
    private static void assertSetOrRequired(String service, String var, String raw) {
        assertTrue(raw != null, service + " gets " + var + " from outside the compose file's environment");
        assertTrue(!raw.contains(":-}") && !raw.matches(".*\\$\\{[A-Z_]+}.*"), service + "'s " + var
                + " may end up empty: " + raw + " (write ${VAR:?message} or a default)");
        if (var.matches(".*(PASSWORD|SECRET|KEY)$")) {
            assertTrue(raw.matches("\\$\\{[A-Z_][A-Z0-9_]*:\\?[^}]+}"), service + "'s secret " + var
                    + " must be required with a message, ${VAR:?...}, not " + raw);
        }
    }

    /** A service's environment as docker-compose renders it with the secrets set. */
    private static Map<String, String> renderedEnvironment(String service) throws Exception {
        Result r = compose(SECRETS, "config");
        assertEquals(0, r.exit(), r.out());
        return environment(new Yaml().load(r.out()), service);
    }

    /** A service's environment as docker-compose.yml writes it (placeholders unresolved). */
    private static Map<String, String> rawEnvironment(String service) throws IOException {
        return environment(new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml"))), service);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> environment(Object compose, String service) {
        Map<String, Object> services = (Map<String, Object>) ((Map<String, Object>) compose).get("services");
        Map<String, Object> s = (Map<String, Object>) services.get(service);
        assertTrue(s != null, "no service " + service);
        Map<String, String> env = new java.util.TreeMap<>();
        Object e = s.get("environment");
        if (e instanceof Map<?, ?> m) {
            m.forEach((k, v) -> env.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        } else if (e instanceof List<?> l) {
            l.forEach(x -> {
                String kv = String.valueOf(x);
                int eq = kv.indexOf('=');
                env.put(eq < 0 ? kv : kv.substring(0, eq), eq < 0 ? "" : kv.substring(eq + 1));
            });
        }
        return env;
    }
}
