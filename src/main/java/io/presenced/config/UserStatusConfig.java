package io.presenced.config;

import java.time.Duration;
import java.util.Optional;

/**
 * The user-status feature.
 *
 * @param enabled        whether the user-status methods are served
 * @param expireInterval how long a record lives after its last update
 * @param redis          the Redis that holds records; empty means the engine's store (memory or Redis)
 */
public record UserStatusConfig(boolean enabled, Duration expireInterval, Optional<RedisConfig> redis) {

    /** Records live 31 days after their last update, as the user-status documentation says. */
    public static final Duration DEFAULT_EXPIRE_INTERVAL = Duration.ofDays(31);
}
