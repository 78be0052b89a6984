package io.presenced.client.auth;

import static io.presenced.client.auth.SignatureKeys.invalid;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The claims of a token whose signature has been checked, read one by one with their types checked. Every refusal
 * names the claim and never quotes its value.
 */
final class TokenClaims {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // Keeps decimals in info exactly as the token wrote them.
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private final ObjectNode payload;

    private TokenClaims(ObjectNode payload) {
        this.payload = payload;
    }

    /** Parses the payload, which must be one JSON object. */
    static TokenClaims parse(byte[] payload) throws TokenException {
        JsonNode n;
        try {
            n = JSON.readTree(payload);
        } catch (IOException e) {
            throw invalid("payload is not valid JSON");
        }
        if (n == null || !n.isObject()) {
            throw invalid("payload is not a JSON object");
        }
        return new TokenClaims((ObjectNode) n);
    }

    boolean has(String claim) {
        return claim(claim) != null;
    }

    // Returns the claim's value, or null when it is absent or JSON null (which count the same).
    private JsonNode claim(String name) {
        JsonNode n = payload.get(name);
        return n == null || n.isNull() ? null : n;
    }

    // Returns the claim's value when present, null when absent; refuses a value that is not `expected`.
    private JsonNode typed(String name, Predicate<JsonNode> ok, String expected) throws TokenException {
        JsonNode n = claim(name);
        if (n != null && !ok.test(n)) {
            throw wrongType(name, expected);
        }
        return n;
    }

    /** Returns a string claim, or {@code null} when absent. */
    String string(String claim) throws TokenException {
        JsonNode n = typed(claim, JsonNode::isTextual, "a string");
        return n == null ? null : n.textValue();
    }

    /** Returns a NumericDate claim (seconds since the epoch, fractions dropped), or {@code null} when absent. */
    Instant numericDate(String claim) throws TokenException {
        JsonNode n = typed(claim, JsonNode::isNumber, "a number of seconds since the epoch");
        if (n == null) {
            return null;
        }
        double seconds = Math.floor(n.doubleValue());
        if (seconds >= Instant.MAX.getEpochSecond()) {
            return Instant.MAX;
        }
        if (seconds <= Instant.MIN.getEpochSecond()) {
            return Instant.MIN;
        }
        return Instant.ofEpochSecond((long) seconds);
    }

    /** Returns {@code expire_at}: {@code null} when absent or 0 (never), else the instant it names. */
    Instant expireAt() throws TokenException {
        JsonNode n = claim("expire_at");
        if (n == null) {
            return null;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < 0) {
            throw wrongType("expire_at", "a whole number of seconds since the epoch, 0 for never");
        }
        long seconds = Math.min(n.longValue(), Instant.MAX.getEpochSecond());
        return seconds == 0 ? null : Instant.ofEpochSecond(seconds);
    }

    /** Returns {@code aud} as a list: it may be one string or a list of strings. */
    List<String> audience() throws TokenException {
        JsonNode n = claim("aud");
        if (n == null) {
            return List.of();
        }
        if (n.isTextual()) {
            return List.of(n.textValue());
        }
        if (!n.isArray()) {
            throw wrongType("aud", "a string or a list of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : n) {
            if (!e.isTextual()) {
                throw wrongType("aud", "a string or a list of strings");
            }
            out.add(e.textValue());
        }
        return out;
    }

    /** Returns a claim that is a list of strings, empty when absent, each string once, in token order. */
    List<String> strings(String name) throws TokenException {
        JsonNode n = claim(name);
        if (n == null) {
            return List.of();
        }
        if (!n.isArray()) {
            throw wrongType(name, "a list of strings");
        }
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode e : n) {
            if (!e.isTextual()) {
                throw wrongType(name, "a list of strings");
            }
            out.add(e.textValue());
        }
        return List.copyOf(out);
    }

    /** Returns {@code info} as JSON bytes, or {@code b64info} decoded (which wins), or {@code null}. */
    byte[] info(String claim, String base64Claim) throws TokenException {
        return json(payload, claim, base64Claim, claim);
    }

    // Returns the JSON member `name` of `object` as bytes, or the base64 member `base64Name` decoded (which wins),
    // or null; refusals name `what`.
    private static byte[] json(JsonNode object, String name, String base64Name, String what) throws TokenException {
        JsonNode b64 = object.get(base64Name);
        if (b64 != null && !b64.isNull()) {
            if (!b64.isTextual()) {
                throw wrongType(what.equals(name) ? base64Name : what, "a string");
            }
            if (!b64.textValue().isEmpty()) {
                try {
                    return Base64.getDecoder().decode(b64.textValue());
                } catch (IllegalArgumentException e) {
                    throw invalid("claim " + (what.equals(name) ? base64Name : what) + ": not valid base64");
                }
            }
        }
        JsonNode n = object.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        try {
            return JSON.writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw invalid("claim " + what + ": cannot be written back as JSON");
        }
    }

    /**
     * Returns the server-side subscriptions: {@code channels} (no options) followed by the keys of {@code subs} with
     * their options, each channel once, in token order.
     */
    List<ServerSubscription> serverSubscriptions() throws TokenException {
        Map<String, ServerSubscription> out = new LinkedHashMap<>();
        for (String channel : strings("channels")) {
            out.put(channel, ServerSubscription.of(channel));
        }
        JsonNode subs = claim("subs");
        if (subs != null) {
            if (!subs.isObject()) {
                throw wrongType("subs", "an object of channel to subscribe options");
            }
            Iterator<Map.Entry<String, JsonNode>> members = subs.fields();
            while (members.hasNext()) {
                Map.Entry<String, JsonNode> m = members.next();
                out.put(m.getKey(), subscription(m.getKey(), m.getValue()));
            }
        }
        return List.copyOf(out.values());
    }

    private static ServerSubscription subscription(String channel, JsonNode options) throws TokenException {
        if (options.isNull()) {
            return ServerSubscription.of(channel);
        }
        if (!options.isObject()) {
            throw wrongType("subs", "an object of channel to subscribe options (objects)");
        }
        JsonNode override = options.get("override");
        if (override != null && !override.isNull() && !override.isObject()) {
            throw wrongType("subs", "override: an object of options");
        }
        return new ServerSubscription(channel, json(options, "info", "b64info", "subs (info)"),
                json(options, "data", "b64data", "subs (data)"), overridden(override, "presence"),
                overridden(override, "force_push_join_leave"));
    }

    // An override is {"value": bool}; join_leave, force_recovery and force_positioning are checked the same way
    // but have no effect here (see the README).
    private static Boolean overridden(JsonNode override, String option) throws TokenException {
        if (override == null || override.isNull()) {
            return null;
        }
        for (String name : List.of("presence", "join_leave", "force_push_join_leave", "force_recovery",
                "force_positioning")) {
            JsonNode o = override.get(name);
            if (o != null && !o.isNull() && (!o.isObject() || !o.path("value").isBoolean())) {
                throw wrongType("subs", "override." + name + ": an object {\"value\": true or false}");
            }
        }
        JsonNode o = override.get(option);
        return o == null || o.isNull() ? null : o.get("value").booleanValue();
    }

    /** Refuses a claim that is present but not a JSON object. */
    void requireObjectIfPresent(String claim) throws TokenException {
        JsonNode n = claim(claim);
        if (n != null && !n.isObject()) {
            throw wrongType(claim, "an object");
        }
    }

    private static TokenException wrongType(String claim, String expected) {
        return invalid("claim " + claim + ": wrong type (expected: " + expected + ")");
    }
}
