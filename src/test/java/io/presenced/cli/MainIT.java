package io.presenced.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import io.presenced.testing.ApiClient;
import io.presenced.testing.JarProcess;

/**
 * The built jar, run as a new user runs it: no config, the key from the environment, the seed's curl calls, and
 * SIGTERM.
 */
class MainIT {

    private static final Map<String, String> ENV = Map.of("PRESENCED_HTTP_API_KEY", "k3y");

    @Test
    void startsWithoutConfigOnTheMemoryEngineAndServesTheSeedCalls() {
        try (JarProcess p = JarProcess.start(ENV)) {
            ApiClient api = new ApiClient(p.baseUri(), "k3y");
            await().atMost(Duration.ofSeconds(30)).until(() -> p.output().contains("presenced started"));
            assertThat(p.output()).contains("engine memory (single node)").contains("API protected by API key");

            String update = "{\"method\": \"rpc\", \"params\": {\"method\": \"updateActiveStatus\", "
                    + "\"params\": {\"users\": [\"42\"]}}}";
            String get = "{\"method\": \"rpc\", \"params\": {\"method\": \"getUserStatus\", "
                    + "\"params\": {\"users\": [\"42\"]}}}";
            String delete = "{\"method\": \"rpc\", \"params\": {\"method\": \"deleteUserStatus\", "
                    + "\"params\": {\"users\": [\"42\"]}}}";
            assertThat(api.legacy(update).status()).isEqualTo(200);
            JsonNode status = api.legacy(get).json().at("/result/data/statuses/0");
            assertThat(status.path("user").asText()).isEqualTo("42");
            assertThat(status.path("active").asLong()).isPositive();
            assertThat(api.legacy(delete).status()).isEqualTo(200);
            assertThat(api.legacy(get).body()).isEqualTo("{\"result\":{\"data\":{\"statuses\":[{\"user\":\"42\"}]}}}");
        }
    }

    @Test
    void sigtermShutsDownGracefully() {
        try (JarProcess p = JarProcess.start(ENV)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> p.output().contains("presenced started"));
            p.terminate();
            int code = p.awaitExit(Duration.ofSeconds(30));
            // The JVM reports 128+15 after running its shutdown hooks on SIGTERM.
            assertThat(code).isEqualTo(143);
            assertThat(p.output()).contains("Shutting down").contains("Stopped");
        }
    }

    @Test
    void badConfigStopsStartUpListingEveryProblem() throws IOException {
        Path config = Files.createTempFile("presenced-bad", ".json");
        Files.writeString(config, "{\"http_api\":{\"max_body_size\":5},\"engine\":{\"type\":\"nosql\"},"
                + "\"user_status\":{\"expire_interval\":\"forever\"}}");
        try (JarProcess p = JarProcess.start(Map.of(), "--config", config.toString())) {
            assertThat(p.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
            assertThat(p.output())
                    .contains("3 problems")
                    .contains("http_api.max_body_size: 5 (expected: an integer in 1024..2147483647)")
                    .contains("engine.type: \"nosql\"")
                    .contains("user_status.expire_interval: \"forever\"");
        } finally {
            Files.deleteIfExists(config);
        }
    }

    @Test
    void aRedisPasswordInTheAddressQueryIsRefusedAtStartUpAndNeverPrinted() {
        Map<String, String> env = Map.of("PRESENCED_ENGINE_TYPE", "redis",
                "PRESENCED_ENGINE_REDIS_ADDRESS", "redis://127.0.0.1:6379?password=s3cr3t-in-query");
        try (JarProcess p = JarProcess.start(env)) {
            assertThat(p.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
            assertThat(p.output()).contains("engine.redis: address \"redis://127.0.0.1:6379?…\" has a query")
                    .doesNotContain("s3cr3t-in-query");
        }
    }

    @Test
    void unknownArgumentIsRejected() {
        try (JarProcess p = JarProcess.start(Map.of(), "--nope")) {
            assertThat(p.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
            assertThat(p.output()).contains("unknown argument --nope").contains("usage:");
        }
    }
}
