package io.presenced.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.presenced.testing.JarProcess;
import io.presenced.testing.WebhookReceiver;
import io.presenced.testing.redis.RedisNode;
import io.presenced.testing.redis.RequiresRedis;

/**
 * SIGTERM ends the process within {@code shutdown.timeout} plus a few seconds, whatever is stuck: here the Redis
 * that holds 128 partition leases stops answering (SIGSTOP) just before the node is told to stop.
 */
@RequiresRedis
class ShutdownIT {

    @Test
    void sigtermEndsTheProcessWhileItsRedisHangs() throws IOException {
        Path config = Files.createTempFile("presenced-shutdown", ".json");
        try (RedisNode redis = RedisNode.builder().name("hung").build().start();
             WebhookReceiver receiver = WebhookReceiver.start()) {
            Files.writeString(config, "{\"engine\":{\"type\":\"redis\",\"redis\":{\"address\":\"" + redis.uri()
                    + "\"}},\"shutdown\":{\"timeout\":\"2s\"},\"channel\":{\"proxy\":{\"state\":{\"endpoint\":\""
                    + receiver.endpoint() + "\"}},\"namespaces\":[{\"name\":\"chat\",\"presence\":true,"
                    + "\"state_proxy_enabled\":true}]}}");
            try (JarProcess p = JarProcess.start(Map.of("PRESENCED_HTTP_API_KEY", "k"), "--config",
                    config.toString())) {
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> p.output().contains("128 partitions now delivered by this node")
                                && p.output().contains("presenced started"));
                redis.pause();
                p.terminate();
                // 2 s of shutdown timeout, 5 s of grace before the watchdog halts, and room for a slow machine.
                assertThat(p.awaitExit(Duration.ofSeconds(30))).isEqualTo(143);
                assertThat(p.output()).contains("Shutting down");
            }
        } finally {
            Files.deleteIfExists(config);
        }
    }
}
