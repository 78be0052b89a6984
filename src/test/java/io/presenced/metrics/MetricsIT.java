package io.presenced.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.presenced.testing.ApiClient;
import io.presenced.testing.TestServer;
import io.presenced.testing.WebhookReceiver;

/**
 * {@code GET /metrics} serves every metric family in the Prometheus text format, and can be switched off.
 */
class MetricsIT {

    @Test
    void scrapeContainsEveryFamily() {
        try (WebhookReceiver receiver = WebhookReceiver.start();
             TestServer server = TestServer.start("{\"channel\":{\"proxy\":{\"state\":{\"endpoint\":\""
                     + receiver.endpoint() + "\"}},\"namespaces\":[{\"name\":\"chat\",\"presence\":true,"
                     + "\"state_proxy_enabled\":true}]}}")) {
            ApiClient api = server.client();
            api.callJson("update_user_status", "{\"users\":[\"1\"]}");
            api.call("get_user_status", "{\"users\":[]}");
            api.callJson("presence_join", "{\"channel\":\"chat:m\",\"client\":\"c\",\"user\":\"1\"}");
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.events().size() == 1);
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                ApiClient.Response r = api.request("GET", "/metrics", null, Map.of());
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.headers().get("content-type").get(0)).startsWith("text/plain");
                assertThat(r.body())
                        .contains("presenced_api_requests_total{code=\"0\",method=\"update_user_status\"} 1.0")
                        .contains("presenced_api_requests_total{code=\"107\",method=\"get_user_status\"} 1.0")
                        .contains("presenced_api_request_duration_seconds_bucket{method=\"presence_join\"")
                        .contains("presenced_redis_command_failures_total{kind=\"timeout\"} 0.0")
                        .contains("presenced_channel_state_events_total{result=\"delivered\"} 1.0")
                        .contains("presenced_channel_state_events_total{result=\"dropped\"} 0.0")
                        .contains("presenced_channel_state_queue_length{partition=\"0\"}")
                        .contains("presenced_channel_state_consuming_lag_milliseconds{partition=\"0\"}")
                        .contains("presenced_live_clients 1.0")
                        .contains("presenced_occupied_channels 1.0")
                        .contains("jvm_memory_used_bytes");
            });
        }
    }

    @Test
    void metricsCanBeSwitchedOff() {
        try (TestServer server = TestServer.start("{\"metrics\":{\"enabled\":false}}")) {
            assertThat(server.client().request("GET", "/metrics", null, Map.of()).status()).isEqualTo(404);
        }
    }
}
