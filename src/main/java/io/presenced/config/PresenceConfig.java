package io.presenced.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The whole, validated configuration of one presenced node. Immutable; built by {@link ConfigLoader}.
 *
 * @param http            the HTTP listener and server API
 * @param grpc            the gRPC listener and server API
 * @param engine          the engine (memory or Redis)
 * @param userStatus      the user-status feature
 * @param presenceManager the separate channel-presence store, when enabled
 * @param channel         namespaces, channel rules and presence lifetime
 * @param presenceUpdateInterval how often live connections refresh their presence and their user's
 *                        {@code online} time
 * @param limits          API size and count limits
 * @param node            this node's identity
 * @param metricsEnabled  whether {@code GET /metrics} serves Prometheus metrics
 * @param shutdownTimeout how long a graceful shutdown waits for in-flight work
 * @param logLevel        root log level
 * @param client          client connections (the WebSocket endpoint)
 * @param clientToken     how client connection and subscription JWTs are verified
 */
public record PresenceConfig(HttpConfig http, GrpcConfig grpc, EngineConfig engine, UserStatusConfig userStatus,
                             PresenceManagerConfig presenceManager, ChannelConfig channel,
                             Duration presenceUpdateInterval, LimitsConfig limits, NodeConfig node,
                             boolean metricsEnabled, Duration shutdownTimeout,
                             String logLevel, ClientConfig client, ClientTokenConfig clientToken) {

    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_PRESENCE_UPDATE_INTERVAL = Duration.ofSeconds(25);

    /**
     * Returns the Redis that holds channel presence and state: the presence manager's when enabled, else the
     * engine's; empty on the memory engine. The one place this is decided.
     */
    public Optional<RedisConfig> presenceRedis() {
        return presenceManager.redis().or(engine::redis);
    }

    /** Returns every Redis the node uses, each once, engine first. */
    public List<RedisConfig> redisSetups() {
        return Stream.of(engine.redis(), userStatus.redis(), presenceManager.redis()).flatMap(Optional::stream)
                .distinct().toList();
    }

    /** Returns where channel presence lives, for the start-up line. */
    public String describePresenceStore() {
        return presenceManager.redis().map(r -> "presence manager redis " + r.describe()).orElse("in the engine");
    }
}
