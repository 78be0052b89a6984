package io.presenced.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Reads typed values from a JSON tree by dotted path. An environment variable {@code PRESENCED_<PATH>} (path
 * upper-cased, dots as underscores) overrides the file. Problems are collected, never thrown one by one.
 */
final class ConfigReader {

    static final String ENV_PREFIX = "PRESENCED_";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode root;
    private final String base;
    private final Map<String, String> env;
    private final List<String> problems;
    private final Set<String> known;

    ConfigReader(JsonNode root, Map<String, String> env) {
        this(root, "", env, new ArrayList<>(), new TreeSet<>());
    }

    private ConfigReader(JsonNode root, String base, Map<String, String> env, List<String> problems,
                         Set<String> known) {
        this.root = root;
        this.base = base;
        this.env = env;
        this.problems = problems;
        this.known = known;
    }

    /** Returns a reader of one element of an array, sharing the problem list; the element has no env overrides. */
    ConfigReader element(JsonNode node, String path) {
        return new ConfigReader(node, path + ".", Map.of(), problems, known);
    }

    static String envName(String path) {
        return ENV_PREFIX + path.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    String string(String path, String def) {
        JsonNode n = value(path);
        if (n == null || n.isNull()) {
            return def;
        }
        if (!n.isTextual()) {
            problem(path, n, "a string");
            return def;
        }
        return n.asText();
    }

    String choice(String path, String def, String... allowed) {
        String v = string(path, def);
        for (String a : allowed) {
            if (a.equals(v)) {
                return v;
            }
        }
        problem(path, TextNode.valueOf(v), "one of " + String.join(", ", quoted(allowed)));
        return def;
    }

    boolean bool(String path, boolean def) {
        JsonNode n = value(path);
        if (n == null || n.isNull()) {
            return def;
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isTextual() && (n.asText().equals("true") || n.asText().equals("false"))) {
            return Boolean.parseBoolean(n.asText());
        }
        problem(path, n, "true or false");
        return def;
    }

    long number(String path, long def, long min, long max) {
        JsonNode n = value(path);
        if (n == null || n.isNull()) {
            return def;
        }
        long v;
        if (n.isIntegralNumber() && n.canConvertToLong()) {
            v = n.longValue();
        } else if (n.isTextual() && n.asText().matches("-?\\d{1,18}")) {
            v = Long.parseLong(n.asText());
        } else {
            problem(path, n, "an integer in " + min + ".." + max);
            return def;
        }
        if (v < min || v > max) {
            problem(path, n, "an integer in " + min + ".." + max);
            return def;
        }
        return v;
    }

    int integer(String path, int def, int min, int max) {
        return (int) number(path, def, min, max);
    }

    Duration duration(String path, Duration def, Duration min) {
        JsonNode n = value(path);
        if (n == null || n.isNull()) {
            return def;
        }
        Duration d = n.isTextual() ? Durations.parse(n.asText()) : null;
        if (d == null) {
            problem(path, n, "a duration such as \"500ms\", \"5s\", \"24h\"");
            return def;
        }
        if (d.compareTo(min) < 0) {
            problem(path, n, ">= " + Durations.format(min));
            return def;
        }
        return d;
    }

    /** Reads a string or a list of strings; an env value is a JSON array or a comma-separated list. */
    List<String> stringList(String path, List<String> def) {
        JsonNode n = value(path);
        if (n == null || n.isNull()) {
            return def;
        }
        if (n.isTextual()) {
            String s = n.asText().trim();
            if (s.isEmpty()) {
                return List.of();
            }
            List<String> out = new ArrayList<>();
            for (String part : s.split(",")) {
                out.add(part.trim());
            }
            return out;
        }
        if (n.isArray()) {
            List<String> out = new ArrayList<>();
            for (JsonNode e : n) {
                if (!e.isTextual()) {
                    problem(path, n, "a string or a list of strings");
                    return def;
                }
                out.add(e.asText());
            }
            return out;
        }
        problem(path, n, "a string or a list of strings");
        return def;
    }

    /** Reads an object of string values (headers, say), or an empty map when absent. */
    Map<String, String> stringMap(String path) {
        JsonNode n = container(path, JsonNode::isObject, JsonNode::isTextual, "an object of strings");
        Map<String, String> out = new LinkedHashMap<>();
        if (n != null) {
            n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().textValue()));
        }
        return out;
    }

    /** Reads an array of objects, or an empty list when absent. */
    List<JsonNode> objects(String path) {
        JsonNode n = container(path, JsonNode::isArray, JsonNode::isObject, "a list of objects");
        List<JsonNode> out = new ArrayList<>();
        if (n != null) {
            n.forEach(out::add);
        }
        return out;
    }

    /**
     * Returns the array or object at {@code path} when every member passes {@code member}, and marks it read; null
     * when it is absent, or (with a problem naming {@code expected}) when it or any member is of another kind.
     */
    private JsonNode container(String path, Predicate<JsonNode> kind, Predicate<JsonNode> member, String expected) {
        JsonNode n = value(path);
        if (n == null || n.isNull()) {
            return null;
        }
        boolean valid = kind.test(n);
        for (JsonNode e : n) {
            valid = valid && member.test(e);
        }
        if (!valid) {
            problem(path, n, expected);
            return null;
        }
        markSubtreeKnown(base + path, n);
        return n;
    }

    boolean isSet(String path) {
        JsonNode n = lookup(path);
        return (n != null && !n.isNull()) || env.containsKey(envName(base + path));
    }

    void problem(String path, String message) {
        problems.add(base + path + ": " + message);
    }

    private void problem(String path, JsonNode value, String expected) {
        String full = base + path;
        String source = env.containsKey(envName(full)) ? " from " + envName(full) : "";
        String shown = full.endsWith("key") || full.endsWith("password") || full.endsWith("secret")
                ? "\"***\"" : value.toString();
        problems.add(full + ": " + shown + source + " (expected: " + expected + ")");
    }

    List<String> problems() {
        return problems;
    }

    /** Returns the leaf paths present in the file that no reader asked for, for a warning. */
    List<String> unknownKeys() {
        List<String> out = new ArrayList<>();
        collectUnknown(root, "", out);
        return out;
    }

    private void collectUnknown(JsonNode node, String path, List<String> out) {
        if (node.isObject() && (path.isEmpty() || !known.contains(path))) {
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                collectUnknown(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), out);
            }
        } else if (!known.contains(path)) {
            out.add(path);
        }
    }

    private JsonNode value(String path) {
        String full = base + path;
        known.add(full);
        String fromEnv = env.get(envName(full));
        if (fromEnv != null) {
            return envValue(fromEnv);
        }
        return lookup(path);
    }

    private JsonNode lookup(String path) {
        JsonNode n = root;
        for (String part : path.split("\\.")) {
            if (n == null || !n.isObject()) {
                return null;
            }
            n = n.get(part);
        }
        return n;
    }

    private static JsonNode envValue(String raw) {
        String s = raw.trim();
        if (s.startsWith("[") || s.startsWith("{")) {
            try {
                return JSON.readTree(s);
            } catch (JsonProcessingException e) {
                return JsonNodeFactory.instance.textNode(raw);
            }
        }
        return JsonNodeFactory.instance.textNode(raw);
    }

    private void markSubtreeKnown(String path, JsonNode n) {
        known.add(path);
        if (n.isArray()) {
            for (JsonNode e : n) {
                markSubtreeKnown(path, e);
            }
        }
    }

    private static List<String> quoted(String[] values) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            out.add("\"" + v + "\"");
        }
        return out;
    }
}
