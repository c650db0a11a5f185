package org.vdi.portal.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.MatrixParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;

import org.junit.jupiter.api.Test;
import org.vdi.broker.domain.shared.ErrorCode;

/**
 * Holds META-INF/openapi.yaml to the JAX-RS resources: the same operations,
 * every path and query parameter declared, a success and an error answer on
 * each, errors as {code, message, field}, and for every method that takes or
 * returns a record, that record's properties with their types. An endpoint,
 * parameter or field added without its documentation fails here.
 */
class OpenApiDocumentTest {

    private static final Pattern TEMPLATE = Pattern.compile("\\{(\\w+)}");
    private final OpenApiDocument doc = OpenApiDocument.bundled();

    /** Payara reads the file with Jackson, which takes a YAML alias for a string: no anchors, no aliases. */
    @Test
    void theFileUsesNoYamlAnchorsOrAliases() throws Exception {
        try (java.io.InputStream in = OpenApiDocumentTest.class.getResourceAsStream("/META-INF/openapi.yaml")) {
            String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            Matcher m = Pattern.compile("(?m)^[^#\n]*:\\s*[&*][A-Za-z]").matcher(text);
            boolean found = m.find();
            assertTrue(!found, "a YAML anchor or alias, which Payara cannot read: " + (found ? m.group() : ""));
        }
    }

    @Test
    void documentsEveryOperationOfTheResourcesAndNoOther() {
        TreeSet<String> code = ResourceRoutes.keys();
        TreeSet<String> documented = doc.operations();
        TreeSet<String> missing = new TreeSet<>(code);
        missing.removeAll(documented);
        TreeSet<String> extra = new TreeSet<>(documented);
        extra.removeAll(code);
        assertTrue(missing.isEmpty() && extra.isEmpty(),
                "undocumented operations: " + missing + "; documented but not served: " + extra);
        assertTrue(code.size() >= 30, "only " + code.size() + " operations found: " + code);
    }

    @Test
    void declaresEveryPathAndQueryParameter() {
        for (ResourceRoutes.Route r : ResourceRoutes.all()) {
            Set<String> path = new TreeSet<>();
            Set<String> query = new TreeSet<>();
            for (Map<String, Object> p : parameters(r)) {
                (p.get("in").equals("path") ? path : query).add(String.valueOf(p.get("name")));
                assertTrue(p.containsKey("schema"), r.key() + ": parameter " + p.get("name") + " has no schema");
            }
            Set<String> templates = new TreeSet<>();
            Matcher m = TEMPLATE.matcher(r.path());
            while (m.find()) {
                templates.add(m.group(1));
            }
            assertEquals(templates, path, r.key() + ": path parameters");
            assertEquals(queryParams(r.javaMethod()), query, r.key() + ": query parameters");
        }
    }

    @Test
    void answersEveryOperationWithASuccessAndTypedErrors() {
        for (ResourceRoutes.Route r : ResourceRoutes.all()) {
            Map<String, Object> responses = OpenApiDocument.map(operation(r).get("responses"), r.key());
            assertTrue(responses.keySet().stream().anyMatch(s -> s.startsWith("2")), r.key() + ": no 2xx answer");
            assertTrue(responses.containsKey("401"), r.key() + ": no 401 answer");
            assertTrue(responses.containsKey("403"), r.key() + ": no 403 answer");
            for (Map.Entry<String, Object> e : responses.entrySet()) {
                if (e.getKey().startsWith("4") || e.getKey().startsWith("5")) {
                    Map<String, Object> schema = jsonSchema(doc.resolve(e.getValue()), r.key() + " " + e.getKey());
                    assertEquals(Set.of("code", "message", "field"),
                            OpenApiDocument.map(doc.resolve(schema).get("properties"), "Error").keySet(),
                            r.key() + " " + e.getKey() + " is not the API's error");
                }
            }
        }
    }

    @Test
    void errorCodesAreTheBrokersCodes() {
        Map<String, Object> code = OpenApiDocument.map(OpenApiDocument.map(doc.resolve(
                Map.of("$ref", "#/components/schemas/Error")).get("properties"), "Error").get("code"), "code");
        Set<Object> documented = new HashSet<>(OpenApiDocument.list(code.get("enum"), "Error.code.enum"));
        for (ErrorCode c : ErrorCode.values()) {
            assertTrue(documented.contains(c.code()), "error code " + c.code() + " is not documented");
        }
    }

    @Test
    void requestsAndAnswersHaveTheRecordsProperties() {
        int checked = 0;
        for (ResourceRoutes.Route r : ResourceRoutes.all()) {
            Map<String, Object> op = operation(r);
            Type body = requestBody(r.javaMethod());
            if (body != null) {
                Map<String, Object> rb = doc.resolve(op.get("requestBody"));
                matches(jsonSchema(rb, r.key() + " request"), body, r.key() + " request");
                checked++;
            }
            Type answer = r.javaMethod().getGenericReturnType();
            if (typed(answer)) {
                Map<String, Object> responses = OpenApiDocument.map(op.get("responses"), r.key());
                String ok = responses.keySet().stream().filter(s -> s.startsWith("2")).findFirst().orElseThrow();
                matches(jsonSchema(doc.resolve(responses.get(ok)), r.key() + " " + ok), answer, r.key() + " " + ok);
                checked++;
            }
        }
        assertTrue(checked >= 25, "only " + checked + " typed bodies checked");
    }

    @Test
    void declaresTheBearerScheme() {
        Map<String, Object> bearer = OpenApiDocument.map(OpenApiDocument.map(OpenApiDocument.map(
                doc.root.get("components"), "components").get("securitySchemes"), "securitySchemes").get("bearer"),
                "bearer");
        assertEquals("http", bearer.get("type"));
        assertEquals("bearer", bearer.get("scheme"));
        List<Object> security = OpenApiDocument.list(doc.root.get("security"), "security");
        assertTrue(security.stream().anyMatch(s -> OpenApiDocument.map(s, "security").containsKey("bearer")));
    }

    @Test
    void expandsChoiceTemplatesIntoTheirPaths() {
        assertEquals(List.of("/d/{id}/a", "/d/{id}/b"), ResourceRoutes.expand("/d/{id: [0-9a-f-]+}/{k: a|b}"));
    }

    // --- the document's side

    private Map<String, Object> operation(ResourceRoutes.Route r) {
        return OpenApiDocument.map(doc.pathItem(r.path()).get(r.method().toLowerCase(java.util.Locale.ROOT)),
                r.key());
    }

    private List<Map<String, Object>> parameters(ResourceRoutes.Route r) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object level : Arrays.asList(doc.pathItem(r.path()).get("parameters"), operation(r).get("parameters"))) {
            if (level != null) {
                OpenApiDocument.list(level, r.key() + " parameters").forEach(p -> out.add(doc.resolve(p)));
            }
        }
        return out;
    }

    private Map<String, Object> jsonSchema(Map<String, Object> withContent, String what) {
        Map<String, Object> content = OpenApiDocument.map(withContent.get("content"), what + " content");
        return doc.resolve(OpenApiDocument.map(content.get("application/json"), what + " application/json")
                .get("schema"));
    }

    /** The schema describes this Java type: records property by property, collections item by item. */
    private void matches(Map<String, Object> schemaNode, Type type, String where) {
        Map<String, Object> s = doc.resolve(schemaNode);
        Class<?> raw = raw(type);
        String t = String.valueOf(s.get("type"));
        if (raw.isRecord()) {
            assertEquals("object", t, where + " is not an object");
            Map<String, Object> props = OpenApiDocument.map(s.get("properties"), where + " properties");
            RecordComponent[] rc = raw.getRecordComponents();
            Set<String> names = new TreeSet<>();
            Arrays.stream(rc).forEach(c -> names.add(c.getName()));
            assertEquals(names, new TreeSet<>(props.keySet()), where + " (" + raw.getSimpleName() + ") properties");
            for (RecordComponent c : rc) {
                matches(OpenApiDocument.map(props.get(c.getName()), c.getName()), c.getGenericType(),
                        where + "." + c.getName());
            }
        } else if (Collection.class.isAssignableFrom(raw)) {
            assertEquals("array", t, where);
            matches(OpenApiDocument.map(s.get("items"), where + " items"), argument(type, 0), where + "[]");
        } else if (Map.class.isAssignableFrom(raw)) {
            assertEquals("object", t, where);
            Object values = s.get("additionalProperties");
            assertTrue(values != null, where + ": a map without additionalProperties");
            if (values instanceof Map<?, ?> v && raw(argument(type, 1)) != Object.class) {
                matches(OpenApiDocument.map(v, where), argument(type, 1), where + "{}");
            }
        } else if (raw == String.class) {
            assertEquals("string", t, where);
        } else if (raw == UUID.class) {
            assertEquals(List.of("string", "uuid"), List.of(t, String.valueOf(s.get("format"))), where);
        } else if (raw == Instant.class) {
            assertEquals(List.of("string", "date-time"), List.of(t, String.valueOf(s.get("format"))), where);
        } else if (raw == int.class || raw == Integer.class) {
            assertEquals(List.of("integer", "int32"), List.of(t, String.valueOf(s.get("format"))), where);
        } else if (raw == long.class || raw == Long.class) {
            assertEquals(List.of("integer", "int64"), List.of(t, String.valueOf(s.get("format"))), where);
        } else if (raw == boolean.class || raw == Boolean.class) {
            assertEquals("boolean", t, where);
        } else if (raw == double.class || raw == Double.class) {
            assertEquals(List.of("number", "double"), List.of(t, String.valueOf(s.get("format"))), where);
        } else {
            fail(where + ": no rule for Java type " + type);
        }
    }

    // --- the code's side

    /** A return type whose shape the document must match: a record, or a collection of records. */
    private static boolean typed(Type t) {
        Class<?> raw = raw(t);
        if (raw.isRecord()) {
            return true;
        }
        if (Collection.class.isAssignableFrom(raw) && t instanceof ParameterizedType) {
            Type item = argument(t, 0);
            return !(item instanceof WildcardType) && raw(item).isRecord();
        }
        return false;
    }

    /** The entity parameter: the one without a JAX-RS source annotation. */
    private static Type requestBody(Method m) {
        Type[] types = m.getGenericParameterTypes();
        for (int i = 0; i < types.length; i++) {
            boolean bound = Arrays.stream(m.getParameterAnnotations()[i]).anyMatch(a -> List.of(PathParam.class,
                    QueryParam.class, BeanParam.class, HeaderParam.class, CookieParam.class, MatrixParam.class,
                    FormParam.class, Context.class).contains(a.annotationType()));
            if (!bound) {
                return types[i];
            }
        }
        return null;
    }

    private static Set<String> queryParams(Method m) {
        Set<String> names = new TreeSet<>();
        for (int i = 0; i < m.getParameterCount(); i++) {
            for (java.lang.annotation.Annotation a : m.getParameterAnnotations()[i]) {
                if (a instanceof QueryParam q) {
                    names.add(q.value());
                } else if (a instanceof BeanParam) {
                    for (Field f : m.getParameterTypes()[i].getDeclaredFields()) {
                        QueryParam q = f.getAnnotation(QueryParam.class);
                        if (q != null) {
                            names.add(q.value());
                        }
                    }
                }
            }
        }
        return names;
    }

    private static Class<?> raw(Type t) {
        if (t instanceof Class<?> c) {
            return c;
        }
        if (t instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        if (t instanceof WildcardType) {
            return Object.class;
        }
        throw new AssertionError("no rule for type " + t);
    }

    private static Type argument(Type t, int i) {
        if (!(t instanceof ParameterizedType p)) {
            throw new AssertionError(t + " has no type arguments");
        }
        return p.getActualTypeArguments()[i];
    }
}
