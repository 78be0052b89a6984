package io.presenced.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads request fields from a JSON object with errors that name the field. Unknown fields are ignored, as
 * Centrifugo's decoder ignores them.
 */
public final class JsonParams {

    private static final ObjectMapper MAPPER = new ObjectMapper();

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
        JsonNode v = optional(field, JsonNode::isArray, "expected a list of objects");
        if (v == null) {
            return List.of();
        }
        List<JsonNode> out = new ArrayList<>(v.size());
        v.forEach(out::add);
        return out;
    }

    /** Reads an optional string, returning {@code ""} when it is absent or null. */
    public String string(String field) {
        JsonNode v = optional(field, JsonNode::isTextual, "expected a string");
        return v == null ? "" : v.textValue();
    }

    /** Reads an optional boolean, returning {@code false} when it is absent or null. */
    public boolean bool(String field) {
        JsonNode v = optional(field, JsonNode::isBoolean, "expected true or false");
        return v != null && v.booleanValue();
    }

    /** Reads an optional list of strings, returning an empty list when it is absent or null. */
    public List<String> strings(String field) {
        JsonNode v = optional(field, JsonNode::isArray, "expected a list of strings");
        if (v == null) {
            return List.of();
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

    /** Returns whether the field is present, JSON null included: for fields where null means "clear". */
    public boolean has(String field) {
        return node != null && node.isObject() && node.has(field);
    }

    /** Reads an optional integer, returning {@code 0} when it is absent or null. */
    public long integer(String field) {
        JsonNode v = optional(field, n -> n.isIntegralNumber() && n.canConvertToLong(), "expected an integer");
        return v == null ? 0 : v.longValue();
    }

    /** Reads an optional nested object, returning {@code null} when it is absent or null. */
    public JsonParams object(String field) {
        JsonNode v = optional(field, JsonNode::isObject, "expected an object or null");
        return v == null ? null : new JsonParams(v, prefix + field + ".");
    }

    /** Returns the raw value of a field holding embedded JSON, or {@code null} when it is absent or null. */
    public JsonNode raw(String field) {
        return get(field);
    }

    /**
     * Parses the raw JSON that a protobuf {@code bytes} field such as {@code params} carries. No bytes means no
     * value: returns {@code null}. Malformed JSON is a bad request naming {@code field}.
     */
    public static JsonNode parse(byte[] json, String field) {
        if (json.length == 0) {
            return null;
        }
        try (JsonParser p = MAPPER.createParser(json)) {
            return readSingle(p);
        } catch (JsonProcessingException e) {
            throw ApiException.badField(field, describe(e));
        } catch (IOException e) {
            throw ApiException.badField(field, "unreadable (" + e.getMessage() + ")");
        }
    }

    /**
     * Reads exactly one JSON value from {@code in}: content after it, other than whitespace, is a parse error
     * ({@code trailing content after the JSON value}), so {@code {"users":["a"]} xyz} and {@code {...}{...}} are
     * refused. Returns {@code null} when there is no value at all.
     *
     * @throws JsonProcessingException for malformed JSON or trailing content, with the location
     */
    public static JsonNode readSingle(InputStream in) throws IOException {
        try (JsonParser p = MAPPER.createParser(in)) {
            return readSingle(p);
        }
    }

    /**
     * Reads one JSON value from {@code p}, then requires the end of the input; see {@link #readSingle(InputStream)}.
     */
    public static JsonNode readSingle(JsonParser p) throws IOException {
        JsonNode node = MAPPER.readTree(p);
        JsonLocation after = p.currentLocation();
        JsonToken next;
        try {
            next = p.nextToken();
        } catch (JsonParseException e) {
            next = JsonToken.NOT_AVAILABLE;
        }
        if (next != null) {
            throw new JsonParseException(p, "trailing content after the JSON value", after);
        }
        return node;
    }

    /** Returns {@code not valid JSON (<problem> at line L, column C)} without Jackson's source excerpt. */
    public static String describe(JsonProcessingException e) {
        String m = String.valueOf(e.getOriginalMessage());
        int cut = m.indexOf(" (");
        m = cut > 0 ? m.substring(0, cut) : m;
        cut = m.indexOf('\n');
        m = cut > 0 ? m.substring(0, cut) : m;
        if (e.getLocation() == null) {
            return "not valid JSON (" + m + ")";
        }
        return "not valid JSON (" + m + " at line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ")";
    }

    /** Returns the only field of a single-field object, as a batch command is written. */
    public static Map.Entry<String, JsonNode> single(JsonNode command, String where) {
        if (command == null || !command.isObject()) {
            throw ApiException.badField(where, "expected an object with one method name as its key");
        }
        Iterator<Map.Entry<String, JsonNode>> it = command.fields();
        if (!it.hasNext()) {
            throw ServerApi.emptyCommand(where);
        }
        Map.Entry<String, JsonNode> e = it.next();
        if (it.hasNext()) {
            throw ServerApi.ambiguousCommand(where);
        }
        return e;
    }

    // The field's value when present and of the expected type; null when absent or null; a bad request otherwise.
    private JsonNode optional(String field, Predicate<JsonNode> type, String expected) {
        JsonNode v = get(field);
        if (v != null && !type.test(v)) {
            throw ApiException.badField(prefix + field, expected);
        }
        return v;
    }

    private JsonNode get(String field) {
        if (node == null || node.isNull()) {
            return null;
        }
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v;
    }
}
