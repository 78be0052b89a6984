package io.presenced.config;

import java.time.Duration;

/**
 * The whole, validated configuration of one presenced node. Immutable; built by {@link ConfigLoader}.
 *
 * @param http            the HTTP listener and server API
 * @param engine          the engine (memory or Redis)
 * @param userStatus      the user-status feature
 * @param presenceManager the separate channel-presence store, when enabled
 * @param limits          API size and count limits
 * @param shutdownTimeout how long a graceful shutdown waits for in-flight work
 * @param logLevel        root log level
 */
public record PresenceConfig(HttpConfig http, EngineConfig engine, UserStatusConfig userStatus,
                             PresenceManagerConfig presenceManager, LimitsConfig limits, Duration shutdownTimeout,
                             String logLevel) {

    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);
}
