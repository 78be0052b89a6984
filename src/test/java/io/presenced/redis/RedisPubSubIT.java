package io.presenced.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.presenced.config.ConfigLoader;
import io.presenced.config.RedisConfig;
import io.presenced.testing.Engines;
import io.presenced.testing.Engines.Engine;
import io.presenced.testing.redis.RequiresRedis;

/**
 * Pub/sub through {@link RedisTopology} on every Redis topology: every channel's messages reach the subscriber,
 * whichever shard or Cluster node the channel lives on, and nothing arrives after the subscription is closed.
 */
@RequiresRedis
class RedisPubSubIT {

    private static final Duration WITHIN = Duration.ofSeconds(15);

    static Stream<Engine> redisEngines() {
        return Engines.Set.ALL.engines().filter(e -> !e.name().equals("memory"));
    }

    private static RedisConfig redis(Engine engine) {
        return ConfigLoader.fromJson(engine.configWith(""), Map.of()).engine().redis().orElseThrow();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("redisEngines")
    void deliversEveryChannelsMessagesToTheSubscriber(Engine engine) throws Exception {
        try (RedisConnections connections = new RedisConnections()) {
            RedisTopology topology = connections.get(redis(engine));
            List<String> channels = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                channels.add("presenced.pubsub-test." + i);
            }
            Map<String, String> received = new ConcurrentHashMap<>();
            AutoCloseable subscription = topology.subscribe(channels, received::put);

            // Subscribing happens in the background: publish until every channel has been heard once.
            await().atMost(WITHIN).untilAsserted(() -> {
                for (String c : channels) {
                    if (!received.containsKey(c)) {
                        topology.publish(c, "hello " + c).toCompletableFuture().join();
                    }
                }
                assertThat(received).hasSize(channels.size());
            });
            channels.forEach(c -> assertThat(received).containsEntry(c, "hello " + c));

            subscription.close();
            // Once closed, no connection listens any more: a publish reaches nobody.
            await().atMost(WITHIN).untilAsserted(() ->
                    assertThat(topology.publish(channels.get(0), "late").toCompletableFuture().join()).isZero());
            assertThat(received).containsEntry(channels.get(0), "hello " + channels.get(0));
        }
    }
}
