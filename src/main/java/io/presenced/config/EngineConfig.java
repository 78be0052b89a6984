package io.presenced.config;

import java.util.Optional;

/**
 * The engine that holds presenced's state.
 *
 * @param type  {@code memory} (embedded, single node) or {@code redis}
 * @param redis the engine's Redis, present exactly when {@code type} is {@code redis}
 */
public record EngineConfig(String type, Optional<RedisConfig> redis) {

    public static final String MEMORY = "memory";
    public static final String REDIS = "redis";

    /** Returns whether the engine is Redis. */
    public boolean isRedis() {
        return REDIS.equals(type);
    }

    /** Returns the engine for the start-up line: {@code redis <setup>} or {@code memory (single node)}. */
    public String describe() {
        return redis().map(r -> "redis " + r.describe()).orElse("memory (single node)");
    }
}
