package io.presenced.state;

import static io.presenced.state.StateAssertions.assertStrictAlternation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.presenced.testing.ApiClient;
import io.presenced.testing.JarProcess;
import io.presenced.testing.WebhookReceiver;
import io.presenced.testing.redis.RedisNode;
import io.presenced.testing.redis.RedisSupport;

/**
 * Two real presenced processes, started from the built jar, share one Redis. Joins race on the same empty
 * channels from both; then one process is killed with SIGKILL while it holds undelivered events and owns every
 * partition. The survivor must take over and deliver everything, and the receiver's final view must equal the
 * true occupancy.
 */
class StateCrashIT {

    private static final String KEY = "crash-key";

    private RedisNode redis;
    private WebhookReceiver receiver;
    private Path config;
    private JarProcess a;
    private JarProcess b;

    @BeforeEach
    void start() throws IOException {
        redis = RedisSupport.standalone();
        redis.command("FLUSHALL");
        receiver = WebhookReceiver.start();
        config = Files.createTempFile("presenced-crash", ".json");
        Files.writeString(config, "{\"http_api\":{\"key\":\"" + KEY + "\"},"
                + "\"engine\":{\"type\":\"redis\",\"redis\":{\"address\":\"" + redis.uri() + "\","
                + "\"presence_ttl\":\"3s\",\"channel_state\":{\"vacated_event_delay\":\"1s\",\"lease_ttl\":\"2s\","
                + "\"num_partitions\":16}}},"
                + "\"client\":{\"presence_update_interval\":\"1s\"},"
                + "\"channel\":{\"proxy\":{\"state\":{\"endpoint\":\"" + receiver.endpoint() + "\","
                + "\"retry_max_backoff\":\"500ms\"}},"
                + "\"namespaces\":[{\"name\":\"chat\",\"presence\":true,\"state_proxy_enabled\":true}]}}");
    }

    @AfterEach
    void stop() throws IOException {
        for (JarProcess p : new JarProcess[] {a, b}) {
            if (p != null) {
                p.close();
            }
        }
        receiver.close();
        Files.deleteIfExists(config);
    }

    private static JarProcess node(Path config) {
        JarProcess p = JarProcess.start(Map.of(), "--config", config.toString());
        await().atMost(Duration.ofSeconds(30)).until(() -> p.output().contains("presenced started"));
        return p;
    }

    private static void join(ApiClient api, String channel, String client) {
        api.callJson("presence_join", "{\"channel\":\"" + channel + "\",\"client\":\"" + client + "\",\"user\":\""
                + client + "\"}");
    }

    @Test
    void survivorDeliversEverythingAfterTheOwnerIsKilled() throws Exception {
        a = node(config);
        await().atMost(Duration.ofSeconds(10)).until(() -> a.output().contains("now delivered by this node"));
        b = node(config);
        ApiClient apiA = new ApiClient(a.baseUri(), KEY);
        ApiClient apiB = new ApiClient(b.baseUri(), KEY);

        // Both nodes add a client to the same 20 empty channels at the same moment: one occupied each.
        ExecutorService racers = Executors.newFixedThreadPool(2);
        for (int i = 0; i < 20; i++) {
            String channel = "chat:race" + i;
            CompletableFuture<Void> fromA = CompletableFuture.runAsync(() -> join(apiA, channel, "ra" + channel), racers);
            CompletableFuture<Void> fromB = CompletableFuture.runAsync(() -> join(apiB, channel, "rb" + channel), racers);
            CompletableFuture.allOf(fromA, fromB).get(30, TimeUnit.SECONDS);
        }
        racers.shutdown();
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.events().size() == 20);
        for (int i = 0; i < 20; i++) {
            assertThat(receiver.events("chat:race" + i)).hasSize(1);
        }

        // Clients that only node A's backend knows, and clients B's backend keeps refreshing.
        List<String> bClients = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            join(apiA, "chat:aonly" + i, "a" + i);
            join(apiB, "chat:b" + i, "b" + i);
            bClients.add("b" + i);
            join(apiA, "chat:mix" + i, "am" + i);
            join(apiB, "chat:mix" + i, "bm" + i);
            bClients.add("bm" + i);
        }
        for (int i = 0; i < 20; i++) {
            bClients.add("rbchat:race" + i);
        }
        ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor();
        String refresh = "{\"clients\":[\"" + String.join("\",\"", bClients) + "\"]}";
        refresher.scheduleWithFixedDelay(() -> apiB.callJson("presence_refresh", refresh), 0, 1, TimeUnit.SECONDS);
        try {
            // The backend goes down, events pile up in A's partitions, some transitions happen, then A dies.
            receiver.refuseWith(503);
            for (int i = 0; i < 5; i++) {
                apiA.callJson("presence_leave", "{\"channel\":\"chat:b" + i + "\",\"client\":\"b" + i + "\"}");
                join(apiA, "chat:late" + i, "a-late" + i);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.refused() > 0);
            a.kill();
            assertThat(a.awaitExit(Duration.ofSeconds(10))).isEqualTo(137);
            receiver.refuseWith(0);

            // Truth: a channel is occupied exactly when a client B keeps refreshing is in it.
            Map<String, String> truth = new HashMap<>();
            for (int i = 0; i < 20; i++) {
                truth.put("chat:race" + i, "occupied");
            }
            for (int i = 0; i < 10; i++) {
                truth.put("chat:aonly" + i, "vacated");
                truth.put("chat:mix" + i, "occupied");
                truth.put("chat:b" + i, i < 5 ? "vacated" : "occupied");
            }
            for (int i = 0; i < 5; i++) {
                truth.put("chat:late" + i, "vacated");
            }
            // Within presence TTL + vacate delay + lease time (plus sweep and retry slack).
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(receiver.view()).containsExactlyInAnyOrderEntriesOf(truth));
            Map<String, Integer> live = new HashMap<>();
            apiB.callJson("channels", "{}").at("/result/channels").fields()
                    .forEachRemaining(e -> live.put(e.getKey(), e.getValue().path("num_clients").asInt()));
            truth.forEach((channel, state) ->
                    assertThat(live.containsKey(channel)).as(channel).isEqualTo(state.equals("occupied")));
            assertStrictAlternation(receiver);
            assertThat(b.output()).contains("now delivered by this node");
        } finally {
            refresher.shutdownNow();
        }
    }
}
