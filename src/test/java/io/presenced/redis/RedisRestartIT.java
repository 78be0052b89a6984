package io.presenced.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.presenced.testing.ApiClient;
import io.presenced.testing.TestServer;
import io.presenced.testing.redis.RedisNode;
import io.presenced.testing.redis.RequiresRedis;

/**
 * A standalone Redis that dies, or is not up yet when the node starts: calls answer error 100 naming the Redis
 * address at once, {@code /ready} says 503 while {@code /health} stays 200, and everything recovers by itself.
 */
@RequiresRedis
@Timeout(120)
class RedisRestartIT {

    private static final Duration RECOVERY = Duration.ofSeconds(15);

    private static String config(RedisNode redis) {
        return "{\"engine\":{\"type\":\"redis\",\"redis\":{\"address\":\"" + redis.uri() + "\"}}}";
    }

    @Test
    void callsFailFastNamingTheAddressWhileRedisIsDownAndRecoverWhenItRestarts() {
        // An own node: the shared one must never be killed.
        try (RedisNode redis = RedisNode.builder().name("restart").build().start();
             TestServer server = TestServer.start(config(redis))) {
            ApiClient api = server.client();
            api.callJson("update_user_status", "{\"users\":[\"before\"]}");
            assertProbes(api, 200, "up");

            redis.kill();
            String address = "redis redis://127.0.0.1:" + redis.port() + ": ";
            await().atMost(RECOVERY).untilAsserted(() -> assertError100(api, address));
            for (int i = 0; i < 5; i++) {
                assertError100(api, address);
            }
            // The failures are counted by kind in the metrics.
            String metrics = api.request("GET", "/metrics", null, java.util.Map.of()).body();
            assertThat(metrics).containsPattern("presenced_redis_command_failures_total\\{kind=\"unavailable\"} "
                    + "([5-9]|[1-9][0-9]+)\\.0");
            // Probe results are cached for a second, so the probes may take that long to notice.
            await().atMost(RECOVERY).untilAsserted(() -> assertProbes(api, 503, "down"));
            assertThat(assertProbes(api, 503, "down").at("/redis/0/error").asText()).startsWith(address);

            redis.restart();
            await().atMost(RECOVERY).untilAsserted(() -> assertThat(
                    api.callJson("update_user_status", "{\"users\":[\"after\"]}").has("error")).isFalse());
            await().atMost(RECOVERY).untilAsserted(() -> assertProbes(api, 200, "up"));
            JsonNode statuses = api.callJson("get_user_status", "{\"users\":[\"after\",\"before\"]}")
                    .at("/result/statuses");
            assertThat(statuses.at("/0/active").asLong()).isPositive();
            // The node keeps nothing on disk, so what was written before the crash is gone.
            assertThat(statuses.get(1).toString()).isEqualTo("{\"user\":\"before\"}");
        }
    }

    @Test
    void nodeStartsWhileRedisIsDownAnswersError100AndBecomesReadyWhenRedisComesUp() {
        try (RedisNode redis = RedisNode.builder().name("late").build()) {
            try (TestServer server = TestServer.start(config(redis))) {
                ApiClient api = server.client();
                String address = "redis redis://127.0.0.1:" + redis.port() + ": ";
                JsonNode error = assertError100(api, address);
                assertThat(error.at("/error/message").asText()).contains("not connected yet, retrying");
                await().atMost(RECOVERY).untilAsserted(() -> assertProbes(api, 503, "down"));

                redis.start();
                await().atMost(RECOVERY).untilAsserted(() -> assertProbes(api, 200, "up"));
                api.callJson("update_user_status", "{\"users\":[\"late\"]}");
                assertThat(api.callJson("get_user_status", "{\"users\":[\"late\"]}")
                        .at("/result/statuses/0/active").asLong()).isPositive();
            }
        }
    }

    private static JsonNode assertError100(ApiClient api, String messagePrefix) {
        ApiClient.Response response = api.call("get_user_status", "{\"users\":[\"a\",\"b\"]}");
        assertThat(response.status()).isEqualTo(200);
        JsonNode r = response.json();
        assertThat(r.at("/error/code").asInt()).as(r.toString()).isEqualTo(100);
        assertThat(r.at("/error/message").asText()).startsWith("internal server error: " + messagePrefix);
        return r;
    }

    // Asserts /ready answers readyStatus and /health 200, both listing the one setup as state; returns /ready's body.
    private static JsonNode assertProbes(ApiClient api, int readyStatus, String state) {
        ApiClient.Response anonymous = api.request("GET", "/ready", null, Map.of());
        assertThat(anonymous.status()).isEqualTo(readyStatus);
        assertThat(anonymous.body()).isEqualTo(readyStatus == 200 ? "{\"status\":\"ok\"}"
                : "{\"status\":\"unavailable\"}");
        Map<String, String> key = Map.of("X-API-Key", TestServer.API_KEY);
        ApiClient.Response ready = api.request("GET", "/ready", null, key);
        assertThat(ready.status()).as(ready.body()).isEqualTo(readyStatus);
        assertThat(ready.json().at("/status").asText()).isEqualTo(readyStatus == 200 ? "ok" : "unavailable");
        assertThat(ready.json().at("/redis")).hasSize(1);
        assertThat(ready.json().at("/redis/0/status").asText()).isEqualTo(state);
        assertThat(ready.json().at("/redis/0/setup").asText()).startsWith("standalone [redis://127.0.0.1:");

        ApiClient.Response health = api.request("GET", "/health", null, key);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().at("/status").asText()).isEqualTo("ok");
        assertThat(health.json().at("/redis/0/status").asText()).isEqualTo(state);
        return ready.json();
    }
}
