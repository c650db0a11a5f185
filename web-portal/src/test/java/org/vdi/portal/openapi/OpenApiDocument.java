package org.vdi.portal.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** The API's OpenAPI document as a tree of maps, with $ref resolved on request. */
final class OpenApiDocument {

    static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    final Map<String, Object> root;

    OpenApiDocument(Map<String, Object> root) {
        this.root = root;
    }

    /** META-INF/openapi.yaml of the WAR, as the classpath holds it. */
    static OpenApiDocument bundled() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream("/META-INF/openapi.yaml")) {
            if (in == null) {
                throw new AssertionError("META-INF/openapi.yaml is not on the classpath");
            }
            return new OpenApiDocument(new Yaml(new LoaderOptions()).load(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "GET /api/v1/pools" for every operation. */
    TreeSet<String> operations() {
        TreeSet<String> ops = new TreeSet<>();
        map(root.get("paths"), "paths").forEach((path, item) -> map(item, path).keySet().stream()
                .filter(METHODS::contains)
                .forEach(m -> ops.add(m.toUpperCase(Locale.ROOT) + " " + path)));
        return ops;
    }

    Map<String, Object> pathItem(String path) {
        return map(map(root.get("paths"), "paths").get(path), path);
    }

    /** Follows a local {@code $ref} ("#/components/schemas/Pool") until the node is no reference. */
    Map<String, Object> resolve(Object node) {
        Map<String, Object> m = map(node, "node");
        int hops = 0;
        while (m.containsKey("$ref")) {
            String ref = String.valueOf(m.get("$ref"));
            if (!ref.startsWith("#/") || ++hops > 10) {
                throw new AssertionError("unresolvable $ref " + ref);
            }
            Object at = root;
            for (String part : ref.substring(2).split("/")) {
                at = map(at, ref).get(part);
                if (at == null) {
                    throw new AssertionError("$ref " + ref + " names nothing");
                }
            }
            m = map(at, ref);
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o, String what) {
        if (!(o instanceof Map)) {
            throw new AssertionError(what + " is not an object: " + o);
        }
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o, String what) {
        if (!(o instanceof List)) {
            throw new AssertionError(what + " is not a list: " + o);
        }
        return (List<Object>) o;
    }
}
