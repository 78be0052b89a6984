package io.presenced.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import ch.qos.logback.classic.Level;
import io.presenced.testing.ApiClient;
import io.presenced.testing.LogCapture;
import io.presenced.testing.TestServer;
import io.presenced.testing.redis.RedisNode;
import io.presenced.testing.redis.RequiresRedis;

/**
 * A Redis that may evict keys puts queued events and client indexes at risk: the node says so in its log, in
 * {@code /ready}'s details and in a metric, at start-up and again after a reconnection, and keeps serving.
 */
@RequiresRedis
@Timeout(120)
class EvictionPolicyIT {

    private static final Duration WITHIN = Duration.ofSeconds(20);

    private static String config(RedisNode redis) {
        return "{\"engine\":{\"type\":\"redis\",\"redis\":{\"address\":\"" + redis.uri() + "\"}},"
                + "\"metrics\":{\"enabled\":true}}";
    }

    @Test
    void anEvictingRedisIsReportedInTheLogReadyAndMetricsWhileTheNodeKeepsServing() {
        try (RedisNode redis = RedisNode.builder().name("lru").config("maxmemory-policy allkeys-lru").build().start();
             LogCapture log = LogCapture.of(EvictionPolicyCheck.class, Level.INFO);
             TestServer server = TestServer.start(config(redis))) {
            ApiClient api = server.client();
            await().atMost(WITHIN).untilAsserted(() -> assertThat(readyWarning(api))
                    .contains("has maxmemory-policy allkeys-lru (expected: noeviction"));
            assertThat(log.messagesAtLeast(Level.WARN)).anySatisfy(m -> assertThat(m).contains("allkeys-lru"));
            assertThat(metrics(api)).contains("presenced_redis_unsafe_eviction_policy 1.0");
            ApiClient.Response ready = api.request("GET", "/ready", null, Map.of("X-API-Key", TestServer.API_KEY));
            assertThat(ready.status()).isEqualTo(200);
            assertThat(api.callJson("update_user_status", "{\"users\":[\"u\"]}").has("error")).isFalse();
        }
    }

    @Test
    void aPolicyChangedBehindTheNodesBackIsFoundOnTheNextReconnection() {
        try (RedisNode redis = RedisNode.builder().name("policy-change").build().start();
             TestServer server = TestServer.start(config(redis))) {
            ApiClient api = server.client();
            await().atMost(WITHIN).untilAsserted(() -> assertThat(metrics(api))
                    .contains("presenced_redis_unsafe_eviction_policy 0.0"));
            assertThat(readyWarning(api)).isEmpty();

            redis.command("CONFIG", "SET", "maxmemory-policy", "volatile-lru");
            // Dropping the node's connections makes Lettuce reconnect, which triggers a check at once (the
            // periodic one is a minute away).
            redis.command("CLIENT", "KILL", "TYPE", "normal");
            await().atMost(WITHIN).untilAsserted(() -> assertThat(readyWarning(api))
                    .contains("has maxmemory-policy volatile-lru"));
            assertThat(metrics(api)).contains("presenced_redis_unsafe_eviction_policy 1.0");
        }
    }

    private static String readyWarning(ApiClient api) {
        JsonNode ready = api.request("GET", "/ready", null, Map.of("X-API-Key", TestServer.API_KEY)).json();
        return ready.at("/redis/0/warning").asText();
    }

    private static String metrics(ApiClient api) {
        return api.request("GET", "/metrics", null, Map.of("X-API-Key", TestServer.API_KEY)).body();
    }
}
