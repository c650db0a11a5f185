package org.vdi.portal.openapi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.HttpMethod;

import org.vdi.portal.rest.ApiApplication;

/**
 * The REST API's routes as the JAX-RS resources declare them, found by
 * reflection over every compiled class of the portal that carries
 * {@code @Path}: what the OpenAPI document must describe, no more and no less.
 */
final class ResourceRoutes {

    /** A template whose regular expression is a choice of literals, as {@code {kind: a|b}}. */
    private static final Pattern CHOICE = Pattern.compile("\\{(\\w+)\\s*:\\s*([\\w.|-]+)}");
    private static final Pattern TEMPLATE = Pattern.compile("\\{(\\w+)\\s*(:[^}]*)?}");

    /** One resource method at one concrete path ("POST /api/v1/pools"). */
    record Route(String method, String path, Method javaMethod) {
        String key() {
            return method + " " + path;
        }
    }

    private ResourceRoutes() {
    }

    static List<Route> all() {
        String root = ApiApplication.class.getAnnotation(ApplicationPath.class).value();
        List<Route> routes = new ArrayList<>();
        for (Class<?> c : resourceClasses()) {
            String base = join(root, c.getAnnotation(jakarta.ws.rs.Path.class).value());
            for (Method m : c.getMethods()) {
                String http = httpMethod(m);
                jakarta.ws.rs.Path sub = m.getAnnotation(jakarta.ws.rs.Path.class);
                if (http == null) {
                    if (sub != null) {
                        throw new AssertionError(c.getSimpleName() + "." + m.getName()
                                + " is a sub-resource locator, which ResourceRoutes does not follow yet");
                    }
                    continue;
                }
                String path = sub == null ? base : join(base, sub.value());
                for (String p : expand(path)) {
                    routes.add(new Route(http, p, m));
                }
            }
        }
        return routes;
    }

    static TreeSet<String> keys() {
        TreeSet<String> keys = new TreeSet<>();
        all().forEach(r -> keys.add(r.key()));
        return keys;
    }

    /** {@code {kind: a|b}} gives one path per literal; other templates lose their expression. */
    static List<String> expand(String path) {
        Matcher choice = CHOICE.matcher(path);
        if (choice.find() && choice.group(2).contains("|")) {
            List<String> out = new ArrayList<>();
            for (String literal : choice.group(2).split("\\|")) {
                out.addAll(expand(path.substring(0, choice.start()) + literal + path.substring(choice.end())));
            }
            return out;
        }
        return List.of(TEMPLATE.matcher(path).replaceAll("{$1}"));
    }

    private static String httpMethod(Method m) {
        for (Annotation a : m.getAnnotations()) {
            HttpMethod h = a.annotationType().getAnnotation(HttpMethod.class);
            if (h != null) {
                return h.value().toUpperCase(Locale.ROOT);
            }
        }
        return null;
    }

    private static String join(String a, String b) {
        String left = a.endsWith("/") ? a.substring(0, a.length() - 1) : a;
        String right = b.startsWith("/") ? b.substring(1) : b;
        String joined = right.isEmpty() ? left : left + "/" + right;
        joined = joined.startsWith("/") ? joined : "/" + joined;
        return joined.endsWith("/") && joined.length() > 1 ? joined.substring(0, joined.length() - 1) : joined;
    }

    /** Every class under the portal's compiled classes with {@code @Path}. */
    private static List<Class<?>> resourceClasses() {
        Path classes;
        try {
            classes = Path.of(ApiApplication.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        List<Class<?>> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> c = Class.forName(name, false, ResourceRoutes.class.getClassLoader());
                if (c.isAnnotationPresent(jakarta.ws.rs.Path.class)) {
                    found.add(c);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        if (found.isEmpty()) {
            throw new AssertionError("no JAX-RS resource found under " + classes);
        }
        return found;
    }
}
