/**
 * Presence and channel state on Redis: {@code RedisPresenceStore} (one Lua script per partition changes presence,
 * decides the transition and appends the event atomically), {@code RedisClientIndex} (each client's channels),
 * {@code RedisStateOutbox} (the per-partition event streams), {@code RedisPartitionLeases} (which node delivers a
 * partition), {@code PartitionCountGuard}, and the key layout ({@code PresenceKeys}). The scripts themselves are
 * class-path resources under {@code lua/presence/}.
 */
package io.presenced.presence.redis;
