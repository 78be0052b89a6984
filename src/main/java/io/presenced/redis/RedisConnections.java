package io.presenced.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.presenced.concurrent.Futures;
import io.presenced.config.RedisConfig;
import io.presenced.config.Redact;

/**
 * Opens one {@link RedisTopology} per distinct Redis setup (equal {@link RedisConfig}s are one setup) and shares
 * it among the features that point at it. Owns every connection and closes them all, in reverse order of opening.
 *
 * <p>A setup that cannot be reached does not stop the node: {@link #get} waits a moment for the first connection
 * attempt, then returns a topology whose commands fail fast until a background retry connects.
 */
public final class RedisConnections implements AutoCloseable {

    /** Lettuce's reconnect delay doubles from 10 ms up to this, so a node that is back is found within a second. */
    public static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(RedisConnections.class);

    private final ClientResources resources = DefaultClientResources.builder()
            .reconnectDelay(Delay.exponential(Duration.ofMillis(10), MAX_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS))
            .build();
    private final Map<RedisConfig, RedisTopology> topologies = new LinkedHashMap<>();
    private final List<AbstractRedisClient> clients = new ArrayList<>();

    /**
     * Returns the topology of {@code config}, opening it on first use. Blocks for at most the connect timeout plus
     * the I/O timeout while the first attempt runs: call at start-up, never from an event loop. If that attempt
     * fails, the topology is returned all the same and keeps connecting in the background.
     */
    public synchronized RedisTopology get(RedisConfig config) {
        RedisTopology t = topologies.get(config);
        if (t == null) {
            t = config.isCluster() ? openCluster(config) : openShards(config);
            topologies.put(config, t);
        }
        return t;
    }

    /**
     * Calls {@code listener} after every connection Lettuce opens or reopens, on one of Lettuce's threads: the
     * listener must return at once.
     */
    public void onConnected(Runnable listener) {
        resources.eventBus().get().filter(e -> e instanceof ConnectionActivatedEvent).subscribe(e -> {
            try {
                listener.run();
            } catch (RuntimeException ex) {
                log.warn("A connection listener failed: {}", ex.toString());
            }
        });
    }

    /** Returns every topology opened so far, in the order they were opened. */
    public synchronized List<RedisTopology> all() {
        return List.copyOf(topologies.values());
    }

    private RedisTopology openShards(RedisConfig config) {
        LettuceSettings settings = new LettuceSettings(config);
        RedisClient client = RedisClient.create(resources);
        client.setOptions(settings.clientOptions());
        clients.add(client);
        List<ShardedTopology.Shard> shards = new ArrayList<>();
        if (config.isSentinel()) {
            for (String master : config.sentinelMasterNames()) {
                String name = "sentinel " + master + "@" + Redact.addresses(config.sentinelAddresses());
                RedisURI uri = settings.sentinel(master);
                shards.add(new ShardedTopology.Shard(name, connect(client, uri, name),
                        () -> client.connectPubSubAsync(StringCodec.UTF8, uri)));
            }
        } else {
            for (String address : config.addresses()) {
                String name = Redact.address(address);
                RedisURI uri = settings.standalone(address);
                shards.add(new ShardedTopology.Shard(name, connect(client, uri, name),
                        () -> client.connectPubSubAsync(StringCodec.UTF8, uri)));
            }
        }
        long deadline = System.nanoTime() + firstAttemptWait(config).toNanos();
        shards.forEach(s -> s.connection().awaitFirstAttempt(remaining(deadline)));
        logState(config, shards.stream().allMatch(s -> s.connection().getIfConnected() != null));
        return new ShardedTopology(config.prefix(), config.describe(), shards, resources.eventExecutorGroup());
    }

    private BackgroundConnection<StatefulRedisConnection<String, String>> connect(RedisClient client, RedisURI uri,
                                                                                  String name) {
        return new BackgroundConnection<StatefulRedisConnection<String, String>>(name,
                () -> client.connectAsync(StringCodec.UTF8, uri), resources.eventExecutorGroup()).start();
    }

    private RedisTopology openCluster(RedisConfig config) {
        LettuceSettings settings = new LettuceSettings(config);
        RedisClusterClient client = RedisClusterClient.create(resources, settings.clusterSeeds());
        client.setOptions(settings.clusterOptions());
        clients.add(client);
        String name = config.describe();
        BackgroundConnection<StatefulRedisClusterConnection<String, String>> routed = new BackgroundConnection<>(
                name, () -> connectCluster(client), resources.eventExecutorGroup()).start();
        long deadline = System.nanoTime() + firstAttemptWait(config).toNanos();
        routed.awaitFirstAttempt(remaining(deadline));
        BackgroundConnection<StatefulRedisClusterConnection<String, String>> pipelined = new BackgroundConnection<>(
                name, () -> connectCluster(client).thenApply(c -> {
                    c.setAutoFlushCommands(false);
                    return c;
                }), resources.eventExecutorGroup()).start();
        pipelined.awaitFirstAttempt(remaining(deadline));
        logState(config, routed.getIfConnected() != null && pipelined.getIfConnected() != null);
        return new ClusterTopology(config.prefix(), name, routed, pipelined,
                () -> client.connectPubSubAsync(StringCodec.UTF8), resources.eventExecutorGroup());
    }

    // Lettuce connects asynchronously only once it knows the cluster's nodes; the refresh loads them (again, on a
    // retry, which is what a retry wants).
    // The connections to the masters are opened before the cluster connection counts as connected: commands are
    // rejected while disconnected, and a node connection that Lettuce would open lazily on the first command
    // routed there counts as disconnected until it is up.
    private static CompletableFuture<StatefulRedisClusterConnection<String, String>> connectCluster(
            RedisClusterClient client) {
        return client.refreshPartitionsAsync().toCompletableFuture()
                .thenCompose(x -> client.connectAsync(StringCodec.UTF8))
                .thenCompose(RedisConnections::openMasters);
    }

    private static CompletableFuture<StatefulRedisClusterConnection<String, String>> openMasters(
            StatefulRedisClusterConnection<String, String> cluster) {
        List<CompletableFuture<?>> opening = new ArrayList<>();
        for (RedisClusterNode node : cluster.getPartitions()) {
            if (!node.hasNoSlots()) {
                // By host and port: that is the key under which Lettuce keeps the connections it routes slots to.
                opening.add(cluster.getConnectionAsync(node.getUri().getHost(), node.getUri().getPort())
                        .toCompletableFuture());
            }
        }
        return Futures.allOf(opening).thenApply(x -> cluster);
    }

    private static Duration firstAttemptWait(RedisConfig config) {
        return config.connectTimeout().plus(config.ioTimeout());
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    private static void logState(RedisConfig config, boolean connected) {
        if (connected) {
            log.info("Connected to Redis {}", config.describe());
        } else {
            log.warn("Redis {} is not reachable yet: starting anyway; its commands fail with error 100 until a"
                    + " background attempt connects", config.describe());
        }
    }

    @Override
    public synchronized void close() {
        List<RedisTopology> open = new ArrayList<>(topologies.values());
        for (int i = open.size() - 1; i >= 0; i--) {
            try {
                open.get(i).close();
            } catch (RuntimeException e) {
                log.warn("Closing Redis {} failed: {}", open.get(i).describe(), e.getMessage());
            }
        }
        topologies.clear();
        for (int i = clients.size() - 1; i >= 0; i--) {
            clients.get(i).shutdown(0, 2, TimeUnit.SECONDS);
        }
        clients.clear();
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
