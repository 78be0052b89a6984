package io.presenced.api;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads request fields from a JSON object with errors that name the field. Unknown fields are ignored, as
 * Centrifugo's decoder ignores them.
 */
public final class JsonParams {

    private final JsonNode node;
    private final String prefix;

    private JsonParams(JsonNode node, String prefix) {
        this.node = node;
        this.prefix = prefix;
    }

    /** Wraps the params of a request; {@code null} or JSON null is read as an empty object. */
    public static JsonParams of(JsonNode node) {
        if (node != null && !node.isNull() && !node.isObject()) {
            throw ApiException.badField("params", "expected a JSON object");
        }
        return new JsonParams(node, "");
    }

    /** Wraps a nested object found at {@code path}; errors name fields as {@code path.field}. */
    public static JsonParams of(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw ApiException.badField(path, "expected a JSON object");
        }
        return new JsonParams(node, path + ".");
    }

    /** Reads an optional list of objects, returning an empty list when it is absent or null. */
    public List<JsonNode> objects(String field) {
        JsonNode v = get(field);
        if (v == null) {
            return List.of();
        }
        if (!v.isArray()) {
            throw ApiException.badField(prefix + field, "expected a list of objects");
        }
        List<JsonNode> out = new ArrayList<>(v.size());
        v.forEach(out::add);
        return out;
    }

    /** Reads an optional string, returning {@code ""} when it is absent or null. */
    public String string(String field) {
        JsonNode v = get(field);
        if (v == null) {
            return "";
        }
        if (!v.isTextual()) {
            throw ApiException.badField(prefix + field, "expected a string");
        }
        return v.textValue();
    }

    /** Reads an optional boolean, returning {@code false} when it is absent or null. */
    public boolean bool(String field) {
        JsonNode v = get(field);
        if (v == null) {
            return false;
        }
        if (!v.isBoolean()) {
            throw ApiException.badField(prefix + field, "expected true or false");
        }
        return v.booleanValue();
    }

    /** Reads an optional list of strings, returning an empty list when it is absent or null. */
    public List<String> strings(String field) {
        JsonNode v = get(field);
        if (v == null) {
            return List.of();
        }
        if (!v.isArray()) {
            throw ApiException.badField(prefix + field, "expected a list of strings");
        }
        List<String> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            JsonNode e = v.get(i);
            if (!e.isTextual()) {
                throw ApiException.badField(prefix + field + "[" + i + "]", "expected a string");
            }
            out.add(e.textValue());
        }
        return out;
    }

    /** Returns the raw value of a field holding embedded JSON, or {@code null} when it is absent or null. */
    public JsonNode raw(String field) {
        return get(field);
    }

    /** Returns the only field of a single-field object, as a batch command is written. */
    public static Map.Entry<String, JsonNode> single(JsonNode command, String where) {
        if (command == null || !command.isObject()) {
            throw ApiException.badField(where, "expected an object with one method name as its key");
        }
        Iterator<Map.Entry<String, JsonNode>> it = command.fields();
        if (!it.hasNext()) {
            throw ApiException.badField(where, "empty command (expected one method name as its key)");
        }
        Map.Entry<String, JsonNode> e = it.next();
        if (it.hasNext()) {
            throw ApiException.badField(where, "more than one method in one command");
        }
        return e;
    }

    private JsonNode get(String field) {
        if (node == null || node.isNull()) {
            return null;
        }
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v;
    }
}
