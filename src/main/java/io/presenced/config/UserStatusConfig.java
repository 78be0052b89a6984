package io.presenced.config;

import java.time.Duration;
import java.util.Optional;

/**
 * The user-status feature.
 *
 * @param enabled        whether the user-status methods are served
 * @param expireInterval how long a record lives after its last update
 * @param redis          the Redis that holds records; empty means the engine's store (memory or Redis)
 * @param buckets        how many Redis hashes the records are packed into; fixed for the life of the data
 */
public record UserStatusConfig(boolean enabled, Duration expireInterval, Optional<RedisConfig> redis,
                               int buckets) {

    /** Records live 31 days after their last update, as the user-status documentation says. */
    public static final Duration DEFAULT_EXPIRE_INTERVAL = Duration.ofDays(31);
    /** About 100 records a bucket at 1.6 million users keeps each bucket in Redis's compact hash encoding. */
    public static final int DEFAULT_BUCKETS = 16_384;
}
