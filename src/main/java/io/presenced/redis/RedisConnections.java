package io.presenced.redis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.presenced.config.RedisConfig;
import io.presenced.config.Redact;

/**
 * Opens one {@link RedisTopology} per distinct Redis setup and shares it among the features that point at the same
 * setup. Owns every connection and closes them all, in reverse order of opening.
 */
public final class RedisConnections implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisConnections.class);

    private final ClientResources resources = DefaultClientResources.create();
    private final Map<RedisConfig, RedisTopology> topologies = new LinkedHashMap<>();
    private final List<RedisClient> clients = new ArrayList<>();

    /**
     * Returns the topology of {@code config}, connecting on first use. Blocks while connecting: call at start-up,
     * never from an event loop.
     *
     * @throws RedisUnavailableException when a node cannot be reached
     */
    public synchronized RedisTopology get(RedisConfig config) {
        RedisTopology t = topologies.get(config);
        if (t == null) {
            t = open(config);
            topologies.put(config, t);
            log.info("Connected to Redis {}", t.describe());
        }
        return t;
    }

    /** Returns every topology opened so far. */
    public synchronized List<RedisTopology> all() {
        return List.copyOf(topologies.values());
    }

    private RedisTopology open(RedisConfig config) {
        if (config.isCluster() || config.isSentinel()) {
            throw new UnsupportedOperationException("Redis " + config.describe() + " is not supported yet");
        }
        List<ShardedTopology.Shard> shards = new ArrayList<>();
        try {
            for (String address : config.addresses()) {
                RedisURI uri = uri(address, config);
                RedisClient client = RedisClient.create(resources);
                client.setOptions(options(config));
                clients.add(client);
                StatefulRedisConnection<String, String> c = connect(client, uri, address);
                shards.add(new ShardedTopology.Shard(Redact.address(address), c));
            }
        } catch (RuntimeException e) {
            shards.forEach(s -> s.connection().close());
            throw e;
        }
        return new ShardedTopology(config.prefix(), config.describe(), shards);
    }

    private static StatefulRedisConnection<String, String> connect(RedisClient client, RedisURI uri,
                                                                   String address) {
        try {
            return client.connect(StringCodec.UTF8, uri);
        } catch (RuntimeException e) {
            throw RedisUnavailableException.of(Redact.address(address), e);
        }
    }

    static RedisURI uri(String address, RedisConfig config) {
        String text = address.contains("://") ? address : "redis://" + address;
        RedisURI uri = RedisURI.create(text);
        if (config.tls()) {
            uri.setSsl(true);
        }
        if (!text.contains("@") && !config.password().isEmpty()) {
            if (config.user().isEmpty()) {
                uri.setAuthentication(config.password().toCharArray());
            } else {
                uri.setAuthentication(config.user(), config.password().toCharArray());
            }
        }
        if (uri.getDatabase() == 0 && config.db() != 0) {
            uri.setDatabase(config.db());
        }
        uri.setTimeout(config.ioTimeout());
        return uri;
    }

    static ClientOptions options(RedisConfig config) {
        return ClientOptions.builder()
                .autoReconnect(true)
                // Fail fast while disconnected instead of queueing requests behind a dead node.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(config.ioTimeout()))
                .socketOptions(SocketOptions.builder().connectTimeout(config.connectTimeout()).build())
                .build();
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
            clients.get(i).shutdown();
        }
        clients.clear();
        resources.shutdown();
    }
}
