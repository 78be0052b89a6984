package io.presenced.config;

import java.util.Optional;

/**
 * A separate store for channel presence ({@code presence_manager}), so presence can live on a Redis of its own
 * (for example one with {@code maxmemory-policy noeviction}) while the engine's Redis holds the rest.
 *
 * @param enabled whether channel presence uses this store instead of the engine's
 * @param type    the store kind; only {@code redis} exists
 * @param redis   the presence Redis, present exactly when {@code enabled}
 */
public record PresenceManagerConfig(boolean enabled, String type, Optional<RedisConfig> redis) {

    public static final String REDIS = "redis";

    /** Returns the disabled manager: channel presence stays on the engine. */
    public static PresenceManagerConfig disabled() {
        return new PresenceManagerConfig(false, REDIS, Optional.empty());
    }
}
