/**
 * Local {@code redis-server} launchers for integration tests and developers: a standalone {@link
 * io.presenced.testing.redis.RedisNode}, a {@link io.presenced.testing.redis.RedisSentinelSet} (master, replica and
 * three sentinels), a {@link io.presenced.testing.redis.RedisClusterSet} and a {@link
 * io.presenced.testing.redis.RedisShardSet} (independent nodes for client-side sharding), all bound to 127.0.0.1 on
 * free ports, in temporary directories, and killed by a shutdown hook if a test forgets to close them. {@link
 * io.presenced.testing.redis.RedisSupport} holds the per-JVM shared instances and the {@code -DskipRedisTests} switch.
 * {@link io.presenced.testing.redis.RedisServerBinary} chooses the {@code redis-server} they run: the one on PATH, else
 * the Redis 6.2 carried by the {@code embedded-redis} Maven artifact ({@code -Dpresenced.redisServer}).
 */
package io.presenced.testing.redis;
