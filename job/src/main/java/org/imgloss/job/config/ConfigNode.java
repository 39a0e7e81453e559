package org.imgloss.job.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.DoublePredicate;

/**
 * Reads one YAML mapping of the config with typed accessors that never throw: every problem is
 * added to the shared error list, named by the field's full path, and a default is returned so
 * that reading goes on and all problems are found in one pass. {@link #finish()} reports the keys
 * nobody asked for.
 */
final class ConfigNode {

    private final String path;
    private final ObjectNode node;
    private final List<String> errors;
    private final Set<String> known = new LinkedHashSet<>();

    ConfigNode(String path, ObjectNode node, List<String> errors) {
        this.path = path;
        this.node = node;
        this.errors = errors;
    }

    String field(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    void error(String key, String problem) {
        errors.add(field(key) + ": " + problem);
    }

    /** Declares a key as known without reading it. */
    void allow(String key) {
        known.add(key);
    }

    boolean has(String key) {
        known.add(key);
        JsonNode v = node.get(key);
        return v != null && !v.isNull();
    }

    JsonNode raw(String key) {
        known.add(key);
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? null : v;
    }

    /** A scalar as text (numbers and booleans are accepted as their text). */
    String text(String key, String defaultValue) {
        JsonNode v = raw(key);
        if (v == null) {
            return defaultValue;
        }
        if (!v.isValueNode()) {
            error(key, "must be a text value, got " + describe(v));
            return defaultValue;
        }
        String s = v.asText().trim();
        if (s.isEmpty()) {
            error(key, "must not be empty");
            return defaultValue;
        }
        return s;
    }

    String requiredText(String key, String why) {
        if (!has(key)) {
            error(key, "required" + why);
            return null;
        }
        return text(key, null);
    }

    /** One of the choices (case-insensitive), returned in lower case. */
    String choice(String key, List<String> choices, String defaultValue) {
        JsonNode v = raw(key);
        if (v == null) {
            return defaultValue;
        }
        String s = v.isValueNode() ? v.asText().trim().toLowerCase(Locale.ROOT) : null;
        if (s == null || !choices.contains(s)) {
            error(key, "must be one of " + String.join(", ", choices) + ", got " + show(v));
            return defaultValue;
        }
        return s;
    }

    <E extends Enum<E>> E enumChoice(String key, Class<E> type, E defaultValue) {
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            names.add(e.name().toLowerCase(Locale.ROOT));
        }
        String s = choice(key, names, null);
        return s == null ? defaultValue : Enum.valueOf(type, s.toUpperCase(Locale.ROOT));
    }

    double number(String key, double defaultValue, DoublePredicate check, String checkMessage) {
        JsonNode v = raw(key);
        if (v == null) {
            return defaultValue;
        }
        if (!v.isNumber()) {
            error(key, "must be a number, got " + show(v));
            return defaultValue;
        }
        double d = v.asDouble();
        if (!check.test(d)) {
            error(key, checkMessage + ", got " + show(v));
            return defaultValue;
        }
        return d;
    }

    long integer(String key, long defaultValue, long min) {
        JsonNode v = raw(key);
        if (v == null) {
            return defaultValue;
        }
        if (!v.isIntegralNumber() && !(v.isNumber() && v.asDouble() == Math.rint(v.asDouble()))) {
            error(key, "must be an integer, got " + show(v));
            return defaultValue;
        }
        long n = v.asLong();
        if (n < min) {
            error(key, "must be >= " + min + ", got " + show(v));
            return defaultValue;
        }
        return n;
    }

    /**
     * A list of texts, kept exactly as written (they name columns, and a column may start or end with a space);
     * a single scalar counts as a one-element list.
     */
    List<String> textList(String key) {
        JsonNode v = raw(key);
        List<String> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (v.isValueNode()) {
            out.add(v.asText());
            return out;
        }
        if (!v.isArray()) {
            error(key, "must be a list, got " + describe(v));
            return out;
        }
        for (int i = 0; i < v.size(); i++) {
            JsonNode item = v.get(i);
            if (item == null || item.isNull() || !item.isValueNode() || item.asText().isBlank()) {
                errors.add(field(key) + "[" + i + "]: must be a text value, got " + show(item));
            } else {
                out.add(item.asText());
            }
        }
        return out;
    }

    /** A mapping of scalars, as text. */
    Map<String, String> scalarMap(String key) {
        JsonNode v = raw(key);
        Map<String, String> out = new LinkedHashMap<>();
        if (v == null) {
            return out;
        }
        if (!v.isObject()) {
            error(key, "must be a mapping, got " + describe(v));
            return out;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue() == null || e.getValue().isNull() || !e.getValue().isValueNode()) {
                errors.add(field(key) + "." + e.getKey() + ": must be a text, number or boolean, got "
                        + show(e.getValue()));
            } else {
                out.put(e.getKey(), e.getValue().asText());
            }
        }
        return out;
    }

    /** A nested mapping; an absent one reads as empty, a wrong type is reported and reads as empty. */
    ConfigNode section(String key) {
        JsonNode v = raw(key);
        if (v != null && !v.isObject()) {
            error(key, "must be a mapping, got " + describe(v));
            v = null;
        }
        ObjectNode child = v == null ? node.objectNode() : (ObjectNode) v;
        return new ConfigNode(field(key), child, errors);
    }

    /** Reports every key that no accessor asked for. */
    void finish() {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!known.contains(k)) {
                error(k, "unknown key (known: " + String.join(", ", known) + ")");
            }
        }
    }

    Set<String> keys() {
        Set<String> out = new LinkedHashSet<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    ObjectNode node() {
        return node;
    }

    static String describe(JsonNode v) {
        if (v == null || v.isNull()) {
            return "nothing";
        }
        JsonNodeType t = v.getNodeType();
        switch (t) {
            case ARRAY:
                return "a list";
            case OBJECT:
                return "a mapping";
            default:
                return show(v);
        }
    }

    static String show(JsonNode v) {
        if (v == null || v.isNull()) {
            return "nothing";
        }
        if (v.isTextual()) {
            return "'" + v.asText() + "'";
        }
        if (v.isValueNode()) {
            return v.asText();
        }
        return v.isArray() ? "a list" : "a mapping";
    }
}
