package io.presenced.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.presenced.testing.ApiClient;
import io.presenced.testing.TestServer;
import io.presenced.testing.WebhookReceiver;
import io.presenced.testing.redis.RedisNode;
import io.presenced.testing.redis.RequiresRedis;

/**
 * A node that starts while its Redis is down keeps every background task alive: once Redis comes up it claims the
 * partition leases, delivers the state events, reaps clients nobody refreshes, and samples its counts. Each run
 * that failed meanwhile is counted in {@code presenced_background_task_failures_total}.
 */
@RequiresRedis
@Timeout(120)
class LateRedisIT {

    private static final Duration WITHIN = Duration.ofSeconds(30);

    @Test
    void backgroundTasksSurviveRedisBeingDownAtStartUpAndDoTheirWorkOnceItIsUp() {
        try (RedisNode redis = RedisNode.builder().name("late-tasks").build();
             WebhookReceiver receiver = WebhookReceiver.start()) {
            String config = "{\"engine\":{\"type\":\"redis\",\"redis\":{\"address\":\"" + redis.uri() + "\"}},"
                    + "\"metrics\":{\"enabled\":true},"
                    + "\"channel\":{\"proxy\":{\"state\":{\"endpoint\":\"" + receiver.endpoint() + "\"}},"
                    + "\"namespaces\":[{\"name\":\"chat\",\"presence\":true,\"state_proxy_enabled\":true}]}}";
            Map<String, String> env = new HashMap<>();
            env.put("PRESENCED_ENGINE_REDIS_PRESENCE_TTL", "8s");
            env.put("PRESENCED_ENGINE_REDIS_CHANNEL_STATE_VACATED_EVENT_DELAY", "200ms");
            env.put("PRESENCED_ENGINE_REDIS_CHANNEL_STATE_LEASE_TTL", "1s");
            env.put("PRESENCED_CLIENT_PRESENCE_UPDATE_INTERVAL", "500ms");
            try (TestServer server = TestServer.start(config, Clock.systemUTC(), env)) {
                ApiClient api = server.client();
                // Every task that touches Redis has failed at least once while there was no connection at all
                // (the state polls wait for a lease, so they have nothing to fail yet).
                await().atMost(WITHIN).untilAsserted(() -> assertThat(server.server().tasks().snapshot())
                        .containsKeys("channel-state-poll", "channel-state-sample")
                        .hasEntrySatisfying("partition-leases", n -> assertThat(n).isPositive())
                        .hasEntrySatisfying("presence-sweep", n -> assertThat(n).isPositive())
                        .hasEntrySatisfying("presence-counts", n -> assertThat(n).isPositive())
                        .hasEntrySatisfying("user-status-sweep", n -> assertThat(n).isPositive()));

                redis.start();
                await().atMost(WITHIN).untilAsserted(() -> assertThat(api.callJson("presence_join",
                        "{\"channel\":\"chat:kept\",\"client\":\"c1\",\"user\":\"u1\"}").has("error")).isFalse());
                api.callJson("presence_join", "{\"channel\":\"chat:left\",\"client\":\"c2\",\"user\":\"u2\"}");

                await().atMost(WITHIN).untilAsserted(() -> assertThat(redis.command("EXISTS", "{presenced.p0}.lease")
                        .toString()).isNotEqualTo("0"));
                await().atMost(WITHIN).untilAsserted(() -> assertThat(receiver.view())
                        .containsEntry("chat:kept", "occupied").containsEntry("chat:left", "occupied"));
                // The counts are sampled every few seconds, longer than the TTL: both clients are kept alive.
                await().atMost(WITHIN).untilAsserted(() -> {
                    api.callJson("presence_refresh", "{\"clients\":[\"c1\",\"c2\"]}");
                    assertThat(api.callJson("info", "{}").at("/result/nodes/0/num_clients").asLong()).isEqualTo(2);
                });

                // Only c1 is refreshed: c2 expires after its TTL, is swept, and its channel is vacated.
                await().atMost(WITHIN).untilAsserted(() -> {
                    api.callJson("presence_refresh", "{\"client\":\"c1\"}");
                    assertThat(receiver.view()).containsEntry("chat:left", "vacated");
                });
                assertThat(receiver.view()).containsEntry("chat:kept", "occupied");
                assertThat(api.callJson("presence", "{\"channel\":\"chat:left\"}").at("/result/presence").size())
                        .isZero();
                String metrics = api.request("GET", "/metrics", null, Map.of()).body();
                assertThat(metrics).containsPattern(
                        "presenced_background_task_failures_total\\{task=\"partition-leases\"} [1-9]");
            }
        }
    }
}
