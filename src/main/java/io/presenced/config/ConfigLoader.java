package io.presenced.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a {@link PresenceConfig} from an optional JSON file and {@code PRESENCED_*} environment variables.
 *
 * <p>Centrifugo-style legacy keys are accepted and moved to their modern place first: {@code "engine": "redis"}
 * with a top-level {@code redis_address}, and the {@code redis_active_status} block of the user-status docs.
 */
public final class ConfigLoader {

    private static final Logger log = LoggerFactory.getLogger(ConfigLoader.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9._\\-]+:\\d{1,5}|\\[[0-9a-fA-F:.]+]:\\d{1,5}");

    private ConfigLoader() {
    }

    /**
     * Loads and validates the configuration.
     *
     * @param file the JSON file, or empty for defaults plus environment
     * @param env  the environment, usually {@code System.getenv()}
     * @throws ConfigException listing every problem found
     */
    public static PresenceConfig load(Optional<Path> file, Map<String, String> env) {
        ObjectNode root;
        if (file.isPresent()) {
            try {
                root = parse(Files.readString(file.get()), file.get().toString());
            } catch (IOException e) {
                throw new ConfigException(List.of(file.get() + ": cannot read (" + e.getMessage() + ")"));
            }
        } else {
            root = JSON.createObjectNode();
        }
        return load(root, env);
    }

    /** Loads and validates the configuration from JSON text, for tests and embedding. */
    public static PresenceConfig fromJson(String json, Map<String, String> env) {
        return load(parse(json, "config"), env);
    }

    private static ObjectNode parse(String text, String source) {
        try {
            JsonNode n = JSON.readTree(text.isBlank() ? "{}" : text);
            if (!n.isObject()) {
                throw new ConfigException(List.of(source + ": expected a JSON object at the top level"));
            }
            return (ObjectNode) n;
        } catch (JsonProcessingException e) {
            throw new ConfigException(List.of(source + ": not valid JSON (" + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"));
        }
    }

    private static PresenceConfig load(ObjectNode root, Map<String, String> env) {
        LegacyKeys.normalize(root);
        ConfigReader r = new ConfigReader(root, env);

        HttpConfig http = new HttpConfig(
                r.string("http_server.address", ""),
                r.integer("http_server.port", HttpConfig.DEFAULT_PORT, 0, 65535),
                r.string("http_api.key", ""),
                r.bool("http_api.insecure", false),
                r.string("http_api.handler_prefix", HttpConfig.DEFAULT_API_PREFIX),
                r.choice("http_api.error_mode", "", "", "transport"),
                r.integer("http_api.max_body_size", HttpConfig.DEFAULT_MAX_BODY_SIZE, 1024, Integer.MAX_VALUE),
                readHttpConnections(r));
        if (!http.apiPrefix().startsWith("/") || http.apiPrefix().endsWith("/")) {
            r.problem("http_api.handler_prefix", "\"" + http.apiPrefix()
                    + "\" (expected: a path that starts with / and does not end with /)");
        }
        GrpcConfig grpc = readGrpc(r, http);

        String type = r.choice("engine.type", EngineConfig.MEMORY, EngineConfig.MEMORY, EngineConfig.REDIS);
        Optional<RedisConfig> engineRedis = EngineConfig.REDIS.equals(type)
                ? Optional.of(readRedis(r, "engine.redis"))
                : Optional.empty();
        EngineConfig engine = new EngineConfig(type, engineRedis);

        PresenceManagerConfig presenceManager = readPresenceManager(r);

        ChannelConfig channel = ChannelConfigReader.read(r, engine);
        UserStatusConfig userStatus = readUserStatus(r, engine, channel.state());
        ClientTokenConfig clientToken = TokenConfigReader.read(r);
        Duration presenceUpdate = r.duration("client.presence_update_interval",
                PresenceConfig.DEFAULT_PRESENCE_UPDATE_INTERVAL, Duration.ofMillis(10));
        if (presenceUpdate.compareTo(channel.presenceTtl()) >= 0) {
            r.problem("client.presence_update_interval", "\"" + Durations.format(presenceUpdate)
                    + "\" (expected: shorter than the presence TTL " + Durations.format(channel.presenceTtl()) + ")");
        }

        LimitsConfig limits = new LimitsConfig(
                r.integer("limits.max_users_per_call", LimitsConfig.DEFAULT_MAX_USERS_PER_CALL, 1, 1_000_000),
                r.integer("limits.max_user_id_length", LimitsConfig.DEFAULT_MAX_USER_ID_LENGTH, 1, 65_536),
                r.integer("limits.max_state_length", LimitsConfig.DEFAULT_MAX_STATE_LENGTH, 0, 65_536),
                r.integer("limits.max_batch_commands", LimitsConfig.DEFAULT_MAX_BATCH_COMMANDS, 1, 1_000_000),
                r.integer("limits.max_entries_per_call", LimitsConfig.DEFAULT_MAX_ENTRIES_PER_CALL, 1, 1_000_000),
                r.integer("limits.max_client_id_length", LimitsConfig.DEFAULT_MAX_CLIENT_ID_LENGTH, 1, 65_536),
                r.integer("limits.max_info_size", LimitsConfig.DEFAULT_MAX_INFO_SIZE, 2, 16 * 1024 * 1024),
                r.integer("limits.max_pattern_length", LimitsConfig.DEFAULT_MAX_PATTERN_LENGTH, 1, 65_536),
                r.integer("client.channel_limit", LimitsConfig.DEFAULT_CHANNEL_LIMIT, 1, 1_000_000),
                new LimitsConfig.StatusLimits(
                        r.integer("limits.max_device_id_length",
                                LimitsConfig.StatusLimits.DEFAULT_MAX_DEVICE_ID_LENGTH, 1, 65_536),
                        r.integer("limits.max_custom_status_length",
                                LimitsConfig.StatusLimits.DEFAULT_MAX_CUSTOM_TEXT, 1, 65_536),
                        r.integer("limits.max_emoji_length",
                                LimitsConfig.StatusLimits.DEFAULT_MAX_EMOJI_LENGTH, 1, 65_536),
                        r.integer("limits.max_activity_length",
                                LimitsConfig.StatusLimits.DEFAULT_MAX_ACTIVITY_LENGTH, 1, 65_536)));
        if (userStatus.offlineAfter().compareTo(presenceUpdate) <= 0) {
            r.problem("user_status.offline_after", "\"" + Durations.format(userStatus.offlineAfter())
                    + "\" (expected: longer than client.presence_update_interval " + Durations.format(presenceUpdate)
                    + ", or every connected user would flicker offline between two online marks)");
        }

        ClientConfig client = ClientConfig.read(r);
        NodeConfig node = new NodeConfig(r.string("node.name", ""),
                r.duration("node.lease_ttl", NodeConfig.DEFAULT_LEASE_TTL, Duration.ofMillis(300)));
        boolean metricsEnabled = r.bool("metrics.enabled", true);
        Duration shutdownTimeout = r.duration("shutdown.timeout", PresenceConfig.DEFAULT_SHUTDOWN_TIMEOUT,
                Duration.ZERO);
        String logLevel = r.choice("log.level", "info", "trace", "debug", "info", "warn", "error");

        if (!r.problems().isEmpty()) {
            throw new ConfigException(r.problems());
        }
        List<String> unknown = r.unknownKeys();
        if (!unknown.isEmpty()) {
            log.warn("Ignoring unknown configuration keys: {}", unknown);
        }
        return new PresenceConfig(http, grpc, engine, userStatus, presenceManager, channel, presenceUpdate, limits, node,
                metricsEnabled, shutdownTimeout, logLevel, client, clientToken);
    }

    private static GrpcConfig readGrpc(ConfigReader r, HttpConfig http) {
        GrpcConfig grpc = new GrpcConfig(
                r.bool("grpc_api.enabled", false),
                r.string("grpc_api.address", ""),
                r.integer("grpc_api.port", GrpcConfig.DEFAULT_PORT, 0, 65535),
                r.string("grpc_api.key", ""),
                r.choice("grpc_api.error_mode", "", "", "transport"),
                r.integer("grpc_api.max_receive_message_size", GrpcConfig.DEFAULT_MAX_RECEIVE_MESSAGE_SIZE, 1024,
                        Integer.MAX_VALUE),
                readGrpcConnections(r));
        // Port 0 picks a free port for each listener, so only a fixed port can collide.
        if (grpc.enabled() && grpc.port() != 0 && grpc.port() == http.port()
                && (grpc.address().isEmpty() || http.address().isEmpty() || grpc.address().equals(http.address()))) {
            r.problem("grpc_api.port", grpc.port() + " (expected: a port other than http_server.port)");
        }
        return grpc;
    }

    private static HttpConfig.Connections readHttpConnections(ConfigReader r) {
        Duration min = Duration.ofMillis(1);
        return new HttpConfig.Connections(
                r.duration("http_server.header_timeout", HttpConfig.Connections.DEFAULT_HEADER_TIMEOUT, min),
                r.duration("http_server.body_timeout", HttpConfig.Connections.DEFAULT_BODY_TIMEOUT, min),
                r.duration("http_server.keepalive_timeout", HttpConfig.Connections.DEFAULT_KEEPALIVE_TIMEOUT, min),
                r.integer("http_server.max_connections", HttpConfig.Connections.DEFAULT_MAX_CONNECTIONS, 1,
                        1_000_000),
                r.duration("http_server.lingering_time", HttpConfig.Connections.DEFAULT_LINGERING_TIME, min),
                r.duration("http_server.lingering_timeout", HttpConfig.Connections.DEFAULT_LINGERING_TIMEOUT, min));
    }

    private static GrpcConfig.Connections readGrpcConnections(ConfigReader r) {
        Duration min = Duration.ofMillis(1);
        return new GrpcConfig.Connections(
                r.duration("grpc_api.handshake_timeout", GrpcConfig.Connections.DEFAULT_HANDSHAKE_TIMEOUT, min),
                r.duration("grpc_api.max_connection_idle", GrpcConfig.Connections.DEFAULT_MAX_CONNECTION_IDLE, min),
                r.duration("grpc_api.keepalive_time", GrpcConfig.Connections.DEFAULT_KEEPALIVE_TIME, min),
                r.duration("grpc_api.keepalive_timeout", GrpcConfig.Connections.DEFAULT_KEEPALIVE_TIMEOUT, min),
                r.duration("grpc_api.permit_keepalive_time", GrpcConfig.Connections.DEFAULT_PERMIT_KEEPALIVE_TIME,
                        Duration.ZERO),
                r.bool("grpc_api.permit_keepalive_without_calls", false),
                r.integer("grpc_api.max_concurrent_calls_per_connection",
                        GrpcConfig.Connections.DEFAULT_MAX_CONCURRENT_CALLS, 1, Integer.MAX_VALUE));
    }

    private static UserStatusConfig readUserStatus(ConfigReader r, EngineConfig engine,
                                                   ChannelStateConfig channelState) {
        boolean enabled = r.bool("user_status.enabled", true);
        Duration expire = r.duration("user_status.expire_interval", UserStatusConfig.DEFAULT_EXPIRE_INTERVAL,
                Duration.ofSeconds(1));
        boolean reuse = r.bool("user_status.redis.reuse_from_engine", false);
        boolean own = r.isSet("user_status.redis.address") || r.isSet("user_status.redis.cluster_address")
                || r.isSet("user_status.redis.sentinel_address");
        // Resolved here, once: without an own Redis, records live in the engine's store (its Redis, or memory).
        Optional<RedisConfig> redis = engine.redis();
        if (reuse && own) {
            r.problem("user_status.redis", "both reuse_from_engine and an own address are set (expected: one)");
        } else if (reuse) {
            if (engine.redis().isEmpty()) {
                r.problem("user_status.redis.reuse_from_engine",
                        "true (expected: engine.type \"redis\" so there is an engine Redis to reuse)");
            }
        } else if (own) {
            redis = Optional.of(readRedis(r, "user_status.redis"));
        }
        int buckets = r.integer("user_status.buckets", UserStatusConfig.DEFAULT_BUCKETS, 1, 16_777_216);
        Duration sweep = r.duration("user_status.sweep_interval", UserStatusConfig.DEFAULT_SWEEP_INTERVAL,
                Duration.ofMillis(100));
        Duration idleAfter = r.duration("user_status.idle_after", UserStatusConfig.DEFAULT_IDLE_AFTER,
                Duration.ofSeconds(1));
        Duration offlineAfter = r.duration("user_status.offline_after", UserStatusConfig.DEFAULT_OFFLINE_AFTER,
                Duration.ofSeconds(1));
        int maxDevices = r.integer("user_status.max_devices", UserStatusConfig.DEFAULT_MAX_DEVICES, 1, 64);
        Duration grace = r.duration("user_status.offline_grace", UserStatusConfig.DEFAULT_OFFLINE_GRACE,
                Duration.ZERO);
        ChannelStateConfig events = ChannelConfigReader.readDelivery(r, "user_status.proxy.", channelState, grace);
        if (events.hasEndpoint() && !enabled) {
            r.problem("user_status.proxy.endpoint", "set while user_status.enabled is false (expected: enable user"
                    + " status, or leave the endpoint empty)");
        }
        UserStatusConfig.Watch watch = new UserStatusConfig.Watch(r.bool("user_status.watch.enabled", false),
                r.string("user_status.watch.channel", UserStatusConfig.Watch.DEFAULT_CHANNEL),
                r.integer("user_status.watch.max_users", UserStatusConfig.Watch.DEFAULT_MAX_USERS, 1, 1_000_000));
        if (watch.channel().isEmpty()) {
            r.problem("user_status.watch.channel", "\"\" (expected: a channel name, such as \"$watch\")");
        }
        if (watch.enabled() && !enabled) {
            r.problem("user_status.watch.enabled", "true while user_status.enabled is false (expected: enable user"
                    + " status, or leave watching off)");
        }
        return new UserStatusConfig(enabled, expire, redis, buckets, sweep, idleAfter, offlineAfter, maxDevices,
                events, watch);
    }

    private static PresenceManagerConfig readPresenceManager(ConfigReader r) {
        boolean enabled = r.bool("presence_manager.enabled", false);
        String type = r.choice("presence_manager.type", PresenceManagerConfig.REDIS, PresenceManagerConfig.REDIS);
        // The block is validated even while disabled, so a typo surfaces before someone switches it on.
        boolean hasRedis = r.isSet("presence_manager.redis");
        RedisConfig redis = enabled || hasRedis ? readRedis(r, "presence_manager.redis") : null;
        return enabled ? new PresenceManagerConfig(true, type, Optional.of(redis)) : PresenceManagerConfig.disabled();
    }

    /**
     * Reads one Redis block: {@code address} (one or several, for client-side shards), or {@code sentinel_address}
     * with one or several {@code sentinel_master_name}s, or {@code cluster_address}; plus the shared options.
     */
    static RedisConfig readRedis(ConfigReader r, String at) {
        List<String> sentinels = r.stringList(at + ".sentinel_address", List.of());
        List<String> cluster = r.stringList(at + ".cluster_address", List.of());
        List<String> addresses = r.stringList(at + ".address", List.of(RedisConfig.DEFAULT_ADDRESS));
        List<String> masters = r.stringList(at + ".sentinel_master_name", List.of());
        RedisConfig c = new RedisConfig(addresses, sentinels, masters,
                r.string(at + ".sentinel_user", ""),
                r.string(at + ".sentinel_password", ""),
                cluster,
                r.string(at + ".user", ""),
                r.string(at + ".password", ""),
                r.integer(at + ".db", 0, 0, 1_000),
                r.bool(at + ".tls.enabled", false),
                r.string(at + ".prefix", RedisConfig.DEFAULT_PREFIX),
                r.duration(at + ".connect_timeout", RedisConfig.DEFAULT_CONNECT_TIMEOUT, Duration.ofMillis(1)),
                r.duration(at + ".io_timeout", RedisConfig.DEFAULT_IO_TIMEOUT, Duration.ofMillis(1)));
        checkTopology(r, at, c, r.isSet(at + ".address"));
        List<String> all = new ArrayList<>(addresses);
        all.addAll(sentinels);
        all.addAll(cluster);
        for (String a : all) {
            if (a.indexOf('?') >= 0 || a.indexOf('#') >= 0) {
                // Lettuce would ignore a password given there, and the query would reach logs and /ready.
                r.problem(at, "address \"" + Redact.address(a) + "\" has a query or fragment (expected: none; give"
                        + " the password as redis://user:password@host:port or in " + at + ".password)");
            } else if (!isAddress(a)) {
                r.problem(at, "address \"" + Redact.address(a)
                        + "\" (expected: redis://[user:password@]host:port[/db], rediss://..., or host:port)");
            }
        }
        return c;
    }

    private static void checkTopology(ConfigReader r, String at, RedisConfig c, boolean addressSet) {
        if (c.isSentinel() && c.isCluster()) {
            r.problem(at, "both sentinel_address and cluster_address are set (expected: one topology)");
        }
        if (addressSet && (c.isSentinel() || c.isCluster())) {
            r.problem(at, "address is set beside " + (c.isCluster() ? "cluster_address" : "sentinel_address")
                    + " (expected: one topology)");
        }
        if (c.isSentinel() && c.sentinelMasterNames().isEmpty()) {
            r.problem(at + ".sentinel_master_name", "missing (expected: the master name the Sentinels monitor)");
        }
        if (!c.isSentinel() && !c.sentinelMasterNames().isEmpty()) {
            r.problem(at + ".sentinel_master_name", "set without sentinel_address (expected: both, or neither)");
        }
        if (c.sentinelMasterNames().stream().distinct().count() < c.sentinelMasterNames().size()) {
            r.problem(at + ".sentinel_master_name", c.sentinelMasterNames() + " (expected: distinct names)");
        }
        if (c.isCluster() && c.db() != 0) {
            r.problem(at + ".db", c.db() + " (expected: 0 with cluster_address; a Redis Cluster has one database)");
        }
        if (c.addresses().isEmpty() && !c.isSentinel() && !c.isCluster()) {
            r.problem(at + ".address", "[] (expected: at least one address)");
        }
        if (c.addresses().stream().distinct().count() < c.addresses().size()) {
            r.problem(at + ".address", "lists an address twice (expected: one entry per shard)");
        }
    }

    static boolean isAddress(String a) {
        if (a.startsWith("redis://") || a.startsWith("rediss://")) {
            String rest = a.substring(a.indexOf("://") + 3);
            int at = rest.lastIndexOf('@');
            String hostPart = at >= 0 ? rest.substring(at + 1) : rest;
            int slash = hostPart.indexOf('/');
            String hp = slash >= 0 ? hostPart.substring(0, slash) : hostPart;
            int q = hp.indexOf('?');
            hp = q >= 0 ? hp.substring(0, q) : hp;
            return HOST_PORT.matcher(hp).matches() || hp.matches("[A-Za-z0-9._\\-]+");
        }
        return HOST_PORT.matcher(a).matches();
    }
}
