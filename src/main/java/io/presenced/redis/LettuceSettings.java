package io.presenced.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.presenced.config.RedisConfig;

/**
 * The Lettuce URIs and client options of one {@link RedisConfig}.
 *
 * <p>Every client fails fast while disconnected ({@code REJECT_COMMANDS}) instead of queueing requests behind a
 * dead node, and bounds every command by the configured I/O timeout. Cluster clients also refresh their view of
 * the cluster every {@link #CLUSTER_REFRESH_PERIOD}, and at most every {@link #CLUSTER_ADAPTIVE_REFRESH_LIMIT} when
 * a MOVED or ASK reply, an unknown node, an uncovered slot or {@link #CLUSTER_REFRESH_AFTER_RECONNECTS} failed
 * reconnects hint that it changed.
 */
final class LettuceSettings {

    static final Duration CLUSTER_REFRESH_PERIOD = Duration.ofSeconds(10);
    static final Duration CLUSTER_ADAPTIVE_REFRESH_LIMIT = Duration.ofSeconds(1);
    static final int CLUSTER_REFRESH_AFTER_RECONNECTS = 3;

    private final RedisConfig config;

    LettuceSettings(RedisConfig config) {
        this.config = config;
    }

    /** Returns the URI of a standalone node; credentials and a database in the address win over the options. */
    RedisURI standalone(String address) {
        RedisURI uri = parse(address);
        if (config.tls()) {
            uri.setSsl(true);
        }
        if (!hasCredentials(address)) {
            authenticate(uri, config.user(), config.password());
        }
        if (uri.getDatabase() == 0 && config.db() != 0) {
            uri.setDatabase(config.db());
        }
        uri.setTimeout(config.ioTimeout());
        return uri;
    }

    /**
     * Returns the URI of the master the Sentinels know as {@code masterName}. Lettuce asks the Sentinels for the
     * master's address on every connect and every reconnect, so a reconnect after a failover finds the new one.
     */
    RedisURI sentinel(String masterName) {
        RedisURI.Builder b = RedisURI.builder()
                .withSentinelMasterId(masterName)
                .withSsl(config.tls())
                .withDatabase(config.db())
                .withTimeout(config.ioTimeout());
        if (!config.password().isEmpty() && config.user().isEmpty()) {
            b.withPassword(config.password());
        } else if (!config.password().isEmpty()) {
            b.withAuthentication(config.user(), config.password());
        }
        for (String address : config.sentinelAddresses()) {
            RedisURI sentinel = parse(address);
            if (!hasCredentials(address)) {
                authenticate(sentinel, config.sentinelUser(), config.sentinelPassword());
            }
            sentinel.setTimeout(config.ioTimeout());
            b.withSentinel(sentinel);
        }
        return b.build();
    }

    /** Returns the seed URIs of a Cluster; Lettuce uses their credentials and TLS setting for every node. */
    List<RedisURI> clusterSeeds() {
        List<RedisURI> seeds = new ArrayList<>();
        for (String address : config.clusterAddresses()) {
            seeds.add(standalone(address));
        }
        return seeds;
    }

    ClientOptions clientOptions() {
        return ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(config.ioTimeout()))
                .socketOptions(socketOptions())
                .build();
    }

    ClusterClientOptions clusterOptions() {
        // Lettuce 7 turns every adaptive trigger on by default (MOVED, ASK, persistent reconnects, uncovered slot,
        // unknown node); LettuceSettingsTest checks that this stays so.
        ClusterTopologyRefreshOptions refresh = ClusterTopologyRefreshOptions.builder()
                .enablePeriodicRefresh(CLUSTER_REFRESH_PERIOD)
                .adaptiveRefreshTriggersTimeout(CLUSTER_ADAPTIVE_REFRESH_LIMIT)
                .refreshTriggersReconnectAttempts(CLUSTER_REFRESH_AFTER_RECONNECTS)
                .build();
        return ClusterClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(config.ioTimeout()))
                .socketOptions(socketOptions())
                .topologyRefreshOptions(refresh)
                .build();
    }

    private SocketOptions socketOptions() {
        return SocketOptions.builder().connectTimeout(config.connectTimeout()).build();
    }

    private static RedisURI parse(String address) {
        return RedisURI.create(address.contains("://") ? address : "redis://" + address);
    }

    private static boolean hasCredentials(String address) {
        int scheme = address.indexOf("://");
        return scheme >= 0 && address.indexOf('@', scheme) > 0;
    }

    private static void authenticate(RedisURI uri, String user, String password) {
        if (password.isEmpty()) {
            return;
        }
        if (user.isEmpty()) {
            uri.setAuthentication(password.toCharArray());
        } else {
            uri.setAuthentication(user, password.toCharArray());
        }
    }
}
