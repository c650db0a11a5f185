package org.vdi.portal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The MicroProfile Config names an application reads, found in the main
 * sources of the reactor modules its archive is built from (the module and the
 * reactor modules it depends on, transitively, by its pom.xml): every string
 * literal that is a whole {@code vdi.*} name, and every {@code ${MPCONFIG=...}}
 * reference (the data source's). Read from the code, so a compose file that
 * sets a variable nobody reads, or misses one the code needs, is caught
 * without a second list to keep in step.
 */
final class ConfigNamesRead {

    private static final Pattern LITERAL = Pattern.compile("\"(vdi\\.[a-z0-9][a-z0-9.-]*[a-z0-9])\"");
    private static final Pattern MPCONFIG = Pattern.compile("\\$\\{MPCONFIG=(vdi\\.[a-z0-9.-]+)\\}");
    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    private static final Pattern ARTIFACT = Pattern.compile("<artifactId>([^<]+)</artifactId>");

    private final Set<String> names;
    private final Set<String> withoutDefault;

    private ConfigNamesRead(Set<String> names, Set<String> withoutDefault) {
        this.names = names;
        this.withoutDefault = withoutDefault;
    }

    /** What the archive of {@code module} (under the reactor {@code root}) reads. */
    static ConfigNamesRead of(Path root, String module) {
        Set<String> names = new TreeSet<>();
        Set<String> mpconfig = new TreeSet<>();
        for (String m : modulesOf(root, module)) {
            Path src = root.resolve(m).resolve("src/main");
            if (!Files.isDirectory(src)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(src)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    String text = Files.readString(f);
                    Matcher l = LITERAL.matcher(text);
                    while (l.find()) {
                        names.add(l.group(1));
                    }
                    Matcher c = MPCONFIG.matcher(text);
                    while (c.find()) {
                        mpconfig.add(c.group(1));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        names.addAll(mpconfig);
        return new ConfigNamesRead(names, mpconfig);
    }

    /** The module and the reactor modules it depends on, transitively. */
    private static Set<String> modulesOf(Path root, String module) {
        Set<String> reactor = new LinkedHashSet<>(matches(MODULE, read(root.resolve("pom.xml"))));
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(Set.of(module));
        while (!todo.isEmpty()) {
            String m = todo.pop();
            if (seen.add(m)) {
                matches(ARTIFACT, read(root.resolve(m).resolve("pom.xml"))).stream()
                        .filter(reactor::contains).forEach(todo::push);
            }
        }
        return seen;
    }

    private static Set<String> matches(Pattern p, String text) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = p.matcher(text);
        while (m.find()) {
            out.add(m.group(1).strip());
        }
        return out;
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Set<String> names() {
        return names;
    }

    /** Names read through ${MPCONFIG=...}, which has no default: the archive does not deploy without them. */
    Set<String> withoutDefault() {
        return withoutDefault;
    }

    /** The environment variable MicroProfile Config maps to a name (vdi.ticket.key: VDI_TICKET_KEY). */
    static String environmentName(String name) {
        return name.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }
}
