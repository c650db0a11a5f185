package org.vdi.portal.it;

import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;

/**
 * JSON for the integration tests as plain Java values, on top of JSON-P (parsson):
 * objects read as {@code LinkedHashMap<String, Object>}, arrays as
 * {@code List<Object>}, numbers as {@link BigDecimal}, plus String, Boolean and
 * null, so tests compare and cast without JSON-P types. Writing takes the same
 * types (any Number, Map, Collection, array, and anything else as its
 * {@code toString()} in quotes).
 */
public final class Json {

    private Json() {
    }

    /**
     * Parses one JSON value; fails with {@link IllegalArgumentException} on anything
     * that is not exactly one value.
     */
    public static Object parse(String text) {
        // A parser, not a JsonReader: the reader stops after the first value and ignores the rest.
        try (JsonParser parser = jakarta.json.Json.createParser(new StringReader(text))) {
            parser.next();
            Object value = plain(parser.getValue());
            if (parser.hasNext()) {
                throw new IllegalArgumentException("invalid JSON (trailing characters): " + abbreviated(text));
            }
            return value;
        } catch (JsonException | IllegalStateException | NoSuchElementException e) {
            throw new IllegalArgumentException("invalid JSON (" + e.getMessage() + "): " + abbreviated(text), e);
        }
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(Object v) {
        if (!(v instanceof Map)) {
            throw new IllegalArgumentException("not a JSON object: " + v);
        }
        return (Map<String, Object>) v;
    }

    @SuppressWarnings("unchecked")
    public static List<Object> array(Object v) {
        if (!(v instanceof List)) {
            throw new IllegalArgumentException("not a JSON array: " + v);
        }
        return (List<Object>) v;
    }

    /** The array's elements as objects. */
    public static List<Map<String, Object>> objects(Object v) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : array(v)) {
            out.add(object(o));
        }
        return out;
    }

    /** A member as a string (numbers and booleans in their JSON spelling), or null. */
    public static String str(Map<String, Object> o, String key) {
        Object v = o.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof BigDecimal b) {
            return b.toPlainString();
        }
        return v.toString();
    }

    public static String write(Object v) {
        return json(v).toString();
    }

    private static Object plain(JsonValue v) {
        return switch (v.getValueType()) {
            case OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                v.asJsonObject().forEach((k, e) -> m.put(k, plain(e)));
                yield m;
            }
            case ARRAY -> {
                List<Object> l = new ArrayList<>();
                v.asJsonArray().forEach(e -> l.add(plain(e)));
                yield l;
            }
            case STRING -> ((JsonString) v).getString();
            case NUMBER -> ((JsonNumber) v).bigDecimalValue();
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case NULL -> null;
        };
    }

    private static JsonValue json(Object v) {
        if (v == null) {
            return JsonValue.NULL;
        } else if (v instanceof Boolean b) {
            return b ? JsonValue.TRUE : JsonValue.FALSE;
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return jakarta.json.Json.createValue(((Number) v).longValue());
        } else if (v instanceof BigInteger i) {
            return jakarta.json.Json.createValue(i);
        } else if (v instanceof BigDecimal d) {
            return jakarta.json.Json.createValue(d);
        } else if (v instanceof Number n) {
            return jakarta.json.Json.createValue(new BigDecimal(n.toString()));
        } else if (v instanceof Map<?, ?> m) {
            JsonObjectBuilder b = jakarta.json.Json.createObjectBuilder();
            m.forEach((k, e) -> b.add(String.valueOf(k), json(e)));
            return b.build();
        } else if (v instanceof Collection<?> c) {
            JsonArrayBuilder b = jakarta.json.Json.createArrayBuilder();
            c.forEach(e -> b.add(json(e)));
            return b.build();
        } else if (v instanceof Object[] a) {
            return json(Arrays.asList(a));
        }
        return jakarta.json.Json.createValue(v.toString());
    }

    private static String abbreviated(String text) {
        return text == null || text.length() <= 200 ? String.valueOf(text) : text.substring(0, 200) + "...";
    }
}
