package io.presenced.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Moves keys of older Centrifugo config styles to their modern place, so that configs copied from the
 * documentation start unchanged. A modern key that is already set wins over its legacy form.
 */
final class LegacyKeys {

    private LegacyKeys() {
    }

    static void normalize(ObjectNode root) {
        JsonNode engine = root.get("engine");
        if (engine != null && engine.isTextual()) {
            ObjectNode e = root.putObject("engine");
            e.put("type", engine.asText());
        }
        JsonNode redisAddress = root.remove("redis_address");
        if (redisAddress != null) {
            ObjectNode redis = object(object(root, "engine"), "redis");
            redis.putIfAbsent("address", redisAddress);
        }
        JsonNode legacyStatus = root.remove("redis_active_status");
        if (legacyStatus instanceof ObjectNode) {
            ObjectNode old = (ObjectNode) legacyStatus;
            ObjectNode status = object(root, "user_status");
            move(old, "enabled", status, "enabled");
            move(old, "expire_interval", status, "expire_interval");
            if (old.has("redis_address")) {
                move(old, "redis_address", object(status, "redis"), "address");
            }
            if (old.has("use_redis_from_engine")) {
                move(old, "use_redis_from_engine", object(status, "redis"), "reuse_from_engine");
            }
            old.fields().forEachRemaining(f -> status.putIfAbsent(f.getKey(), f.getValue()));
        } else if (legacyStatus != null) {
            root.set("user_status", legacyStatus);
        }
        JsonNode status = root.get("user_status");
        if (status instanceof ObjectNode && status.has("use_redis_from_engine")) {
            move((ObjectNode) status, "use_redis_from_engine", object((ObjectNode) status, "redis"),
                    "reuse_from_engine");
        }
    }

    private static void move(ObjectNode from, String fromKey, ObjectNode to, String toKey) {
        JsonNode v = from.remove(fromKey);
        if (v != null) {
            to.putIfAbsent(toKey, v);
        }
    }

    private static ObjectNode object(ObjectNode parent, String key) {
        JsonNode n = parent.get(key);
        if (n instanceof ObjectNode) {
            return (ObjectNode) n;
        }
        return parent.putObject(key);
    }
}
