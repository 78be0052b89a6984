package io.presenced.config;

import java.time.Duration;
import java.util.List;

/**
 * Client connections: the WebSocket endpoint speaking Centrifugo's client protocol, and the limits on its clients.
 *
 * @param handlerPrefix          the WebSocket path ({@code websocket.handler_prefix})
 * @param messageSizeLimit       largest WebSocket message accepted, in bytes; larger ones close with 1009
 * @param writeBufferLimit       bytes queued for one slow client before it is disconnected with 3008
 * @param allowedOrigins         {@code Origin} values accepted on the upgrade ({@code *} wildcards); empty accepts
 *                               only requests without an {@code Origin}
 * @param insecure               development mode: no token needed, every channel permission granted
 * @param allowAnonymous         whether a connect without a token is accepted, as an anonymous user
 * @param pingInterval           how often the server pings a connected client
 * @param pongTimeout            how long the server waits for the pong before disconnecting with 3012
 * @param staleCloseDelay        how long a new connection may take to send {@code connect} (then 3502)
 * @param connectionLimit        most connected clients on this node (then 3504)
 * @param maxCommandsPerMessage  most commands in one WebSocket message (then 3501)
 * @param statusUpdateMinInterval the least time between two store writes for one user's client status updates
 * @param refreshBatchSize       most presence entries in one bulk refresh call of the node's connections
 * @param expiredCloseDelay      how long a connection whose token expired may take to refresh before 3005
 * @param presenceInfoMinInterval the least time between two writes of one subscription's {@code chan_info} by
 *                               {@code presence_update}; updates in between are merged, the last one winning
 */
public record ClientConfig(String handlerPrefix, int messageSizeLimit, int writeBufferLimit,
                           List<String> allowedOrigins, boolean insecure, boolean allowAnonymous,
                           Duration pingInterval, Duration pongTimeout, Duration staleCloseDelay, int connectionLimit,
                           int maxCommandsPerMessage, Duration statusUpdateMinInterval, int refreshBatchSize,
                           Duration expiredCloseDelay, Duration presenceInfoMinInterval) {

    public static final String DEFAULT_HANDLER_PREFIX = "/connection/websocket";
    public static final int DEFAULT_MESSAGE_SIZE_LIMIT = 65_536;
    public static final int DEFAULT_WRITE_BUFFER_LIMIT = 1024 * 1024;
    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(25);
    public static final Duration DEFAULT_PONG_TIMEOUT = Duration.ofSeconds(8);
    public static final Duration DEFAULT_STALE_CLOSE_DELAY = Duration.ofSeconds(10);
    public static final int DEFAULT_CONNECTION_LIMIT = 100_000;
    public static final int DEFAULT_MAX_COMMANDS_PER_MESSAGE = 100;
    public static final Duration DEFAULT_STATUS_UPDATE_MIN_INTERVAL = Duration.ofSeconds(1);
    public static final int DEFAULT_REFRESH_BATCH_SIZE = 10_000;
    public static final Duration DEFAULT_EXPIRED_CLOSE_DELAY = Duration.ofSeconds(25);
    public static final Duration DEFAULT_PRESENCE_INFO_MIN_INTERVAL = Duration.ofSeconds(1);

    public ClientConfig {
        allowedOrigins = List.copyOf(allowedOrigins);
    }

    /** Reads the keys of client connections, reporting problems to {@code r}. */
    static ClientConfig read(ConfigReader r) {
        String prefix = r.string("websocket.handler_prefix", DEFAULT_HANDLER_PREFIX);
        if (!prefix.startsWith("/") || prefix.length() > 1 && prefix.endsWith("/")) {
            r.problem("websocket.handler_prefix", "\"" + prefix + "\" (expected: a path that starts with /)");
        }
        Duration min = Duration.ofMillis(1);
        ClientConfig c = new ClientConfig(prefix,
                r.integer("websocket.message_size_limit", DEFAULT_MESSAGE_SIZE_LIMIT, 128, 64 << 20),
                r.integer("websocket.write_buffer_limit", DEFAULT_WRITE_BUFFER_LIMIT, 1024, 1 << 30),
                r.stringList("client.allowed_origins", List.of()),
                r.bool("client.insecure", false),
                r.bool("client.allow_anonymous_connect_without_token", false),
                r.duration("client.ping_interval", DEFAULT_PING_INTERVAL, Duration.ofSeconds(1)),
                r.duration("client.pong_timeout", DEFAULT_PONG_TIMEOUT, Duration.ZERO),
                r.duration("client.stale_close_delay", DEFAULT_STALE_CLOSE_DELAY, min),
                r.integer("client.connection_limit", DEFAULT_CONNECTION_LIMIT, 1, 10_000_000),
                r.integer("client.max_commands_per_message", DEFAULT_MAX_COMMANDS_PER_MESSAGE, 1, 100_000),
                r.duration("user_status.client_update_min_interval", DEFAULT_STATUS_UPDATE_MIN_INTERVAL,
                        Duration.ZERO),
                r.integer("client.presence_refresh_batch_size", DEFAULT_REFRESH_BATCH_SIZE, 1, 1_000_000),
                r.duration("client.expired_close_delay", DEFAULT_EXPIRED_CLOSE_DELAY, Duration.ZERO),
                r.duration("client.presence_info_min_interval", DEFAULT_PRESENCE_INFO_MIN_INTERVAL, Duration.ZERO));
        if (c.pingInterval().getNano() != 0) {
            r.problem("client.ping_interval", "\"" + Durations.format(c.pingInterval())
                    + "\" (expected: whole seconds, the protocol announces it in seconds)");
        }
        if (!c.pongTimeout().isZero() && c.pongTimeout().compareTo(c.pingInterval()) >= 0) {
            r.problem("client.pong_timeout", "\"" + Durations.format(c.pongTimeout())
                    + "\" (expected: shorter than client.ping_interval)");
        }
        return c;
    }
}
