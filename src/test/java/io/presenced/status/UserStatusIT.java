package io.presenced.status;

import static io.presenced.testing.Engines.Set.ALL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

import io.presenced.testing.ApiClient;
import io.presenced.testing.EachEngine;
import io.presenced.testing.Engines.Engine;
import io.presenced.testing.TestServer;

/**
 * The user-status API over real HTTP, run unchanged against every engine.
 */
@EachEngine(ALL)
class UserStatusIT {

    @Parameter
    Engine engine;

    private TestServer server;
    private ApiClient api;

    @BeforeEach
    void start() {
        server = TestServer.start(engine.configWith(""));
        api = server.client();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    // The seed's three curl calls, with their request bodies byte for byte.
    private static final String SEED_UPDATE =
            "{\"method\": \"rpc\", \"params\": {\"method\": \"updateActiveStatus\", \"params\": {\"users\": [\"42\"]}}}";
    private static final String SEED_GET =
            "{\"method\": \"rpc\", \"params\": {\"method\": \"getUserStatus\", \"params\": {\"users\": [\"42\"]}}}";
    private static final String SEED_DELETE =
            "{\"method\": \"rpc\", \"params\": {\"method\": \"deleteUserStatus\", \"params\": {\"users\": [\"42\"]}}}";

    @Test
    void seedCurlCallsReturnTheDocumentedShapes() {
        ApiClient.Response before = api.legacy(SEED_GET);
        assertThat(before.status()).isEqualTo(200);
        assertThat(before.body()).isEqualTo("{\"result\":{\"data\":{\"statuses\":[{\"user\":\"42\"}]}}}");

        long now = System.currentTimeMillis() / 1000;
        ApiClient.Response update = api.legacy(SEED_UPDATE);
        assertThat(update.status()).isEqualTo(200);
        assertThat(update.json().path("result").isObject()).isTrue();
        assertThat(update.json().has("error")).isFalse();

        JsonNode status = api.legacy(SEED_GET).json().at("/result/data/statuses/0");
        assertThat(status.path("user").asText()).isEqualTo("42");
        assertThat(status.path("active").asLong()).isBetween(now - 1, now + 2);
        assertThat(status.has("online")).isFalse();

        assertThat(api.legacy(SEED_DELETE).json().has("error")).isFalse();
        assertThat(api.legacy(SEED_GET).body())
                .isEqualTo("{\"result\":{\"data\":{\"statuses\":[{\"user\":\"42\"}]}}}");
    }

    @Test
    void modernRoutesAnswerInRequestOrderAndLeaveOutUnknownFields() {
        api.callJson("update_user_status", "{\"users\":[\"b\",\"c\"]}");
        JsonNode statuses = api.callJson("get_user_status", "{\"users\":[\"a\",\"b\",\"c\",\"a\"]}")
                .at("/result/statuses");
        assertThat(statuses).hasSize(4);
        assertThat(statuses.get(0).toString()).isEqualTo("{\"user\":\"a\"}");
        assertThat(statuses.get(1).path("user").asText()).isEqualTo("b");
        assertThat(statuses.get(1).path("active").asLong()).isPositive();
        assertThat(statuses.get(2).path("user").asText()).isEqualTo("c");
        assertThat(statuses.get(3).toString()).isEqualTo("{\"user\":\"a\"}");

        assertThat(api.callJson("delete_user_status", "{\"users\":[\"b\"]}").toString())
                .isEqualTo("{\"result\":{}}");
        JsonNode after = api.callJson("get_user_status", "{\"users\":[\"b\",\"c\"]}").at("/result/statuses");
        assertThat(after.get(0).toString()).isEqualTo("{\"user\":\"b\"}");
        assertThat(after.get(1).path("active").asLong()).isPositive();
    }

    @Test
    void rpcRouteWrapsTheResultInData() {
        api.callJson("rpc", "{\"method\":\"updateActiveStatus\",\"params\":{\"users\":[\"7\"]}}");
        JsonNode r = api.callJson("rpc", "{\"method\":\"getUserStatus\",\"params\":{\"users\":[\"7\"]}}");
        assertThat(r.at("/result/data/statuses/0/user").asText()).isEqualTo("7");
        assertThat(r.at("/result/data/statuses/0/active").asLong()).isPositive();
    }

    @Test
    void onlineIsSetByTheServerAndShownBesideActive() {
        server.server().userStatus().markOnline(java.util.List.of("9")).toCompletableFuture().join();
        JsonNode s = api.callJson("get_user_status", "{\"users\":[\"9\"]}").at("/result/statuses/0");
        assertThat(s.path("online").asLong()).isPositive();
        assertThat(s.has("active")).isFalse();

        api.callJson("update_user_status", "{\"users\":[\"9\"]}");
        JsonNode both = api.callJson("get_user_status", "{\"users\":[\"9\"]}").at("/result/statuses/0");
        assertThat(both.path("online").asLong()).isPositive();
        assertThat(both.path("active").asLong()).isPositive();
    }

    @Test
    void stateIsKeptUntilReplaced() {
        api.callJson("update_user_status", "{\"users\":[\"s\"],\"state\":\"away\"}");
        api.callJson("update_user_status", "{\"users\":[\"s\"]}");
        JsonNode s = api.callJson("get_user_status", "{\"users\":[\"s\"]}").at("/result/statuses/0");
        assertThat(s.path("state").asText()).isEqualTo("away");
        api.callJson("update_user_status", "{\"users\":[\"s\"],\"state\":\"busy\"}");
        assertThat(api.callJson("get_user_status", "{\"users\":[\"s\"]}").at("/result/statuses/0/state").asText())
                .isEqualTo("busy");
    }

    @Test
    void legacyBodyRunsNewlineDelimitedCommandsInOrder() {
        String body = "{\"id\":1,\"method\":\"update_user_status\",\"params\":{\"users\":[\"x\"]}}\n"
                + "{\"id\":2,\"method\":16,\"params\":{\"users\":[\"x\"]}}\n"
                + "{\"method\":\"DELETE_USER_STATUS\",\"params\":{\"users\":[\"x\"]}}\n"
                + "{\"id\":4,\"method\":\"get_user_status\",\"params\":{\"users\":[\"x\"]}}\n";
        ApiClient.Response r = api.legacy(body);
        assertThat(r.status()).isEqualTo(200);
        String[] lines = r.body().split("\n", -1);
        assertThat(lines).hasSize(4);
        assertThat(lines[0]).isEqualTo("{\"id\":1,\"result\":{}}");
        assertThat(lines[1]).startsWith("{\"id\":2,\"result\":{\"statuses\":[{\"user\":\"x\",\"active\":");
        assertThat(lines[2]).isEqualTo("{\"result\":{}}");
        assertThat(lines[3]).isEqualTo("{\"id\":4,\"result\":{\"statuses\":[{\"user\":\"x\"}]}}");
    }

    @Test
    void batchAnswersEachCommandKeyedByMethod() {
        JsonNode r = api.callJson("batch", "{\"commands\":[{\"update_user_status\":{\"users\":[\"u\"]}},"
                + "{\"get_user_status\":{\"users\":[\"u\"]}},{\"nope\":{}},null],\"parallel\":false}");
        JsonNode replies = r.path("replies");
        assertThat(replies).hasSize(4);
        assertThat(replies.get(0).toString()).isEqualTo("{\"update_user_status\":{}}");
        assertThat(replies.at("/1/get_user_status/statuses/0/active").asLong()).isPositive();
        assertThat(replies.at("/2/error/code").asInt()).isEqualTo(104);
        assertThat(replies.at("/3/error/code").asInt()).isEqualTo(107);
    }

    @Test
    void recordExpiresAfterExpireInterval() {
        server.close();
        server = TestServer.start(engine.configWith("\"user_status\":{\"expire_interval\":\"1s\"}"));
        api = server.client();
        api.callJson("update_user_status", "{\"users\":[\"e\"]}");
        assertThat(api.callJson("get_user_status", "{\"users\":[\"e\"]}").at("/result/statuses/0/active").asLong())
                .isPositive();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(api.callJson("get_user_status", "{\"users\":[\"e\"]}").at("/result/statuses/0")
                        .toString()).isEqualTo("{\"user\":\"e\"}"));
    }

    @Test
    void everyUpdateExtendsTheRecordsLife() {
        server.close();
        server = TestServer.start(engine.configWith("\"user_status\":{\"expire_interval\":\"2s\"}"));
        api = server.client();
        long deadline = System.nanoTime() + Duration.ofSeconds(4).toNanos();
        // Updating more often than the interval keeps the record alive past the first interval.
        while (System.nanoTime() < deadline) {
            api.callJson("update_user_status", "{\"users\":[\"k\"]}");
            assertThat(api.callJson("get_user_status", "{\"users\":[\"k\"]}").at("/result/statuses/0/active")
                    .asLong()).isPositive();
        }
    }
}
