package io.presenced.presence;

import static io.presenced.testing.Engines.Set.CORE;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Timeout;

import io.presenced.testing.ApiClient;
import io.presenced.testing.ApiClient.Response;
import io.presenced.testing.EachEngine;
import io.presenced.testing.Engines.Engine;
import io.presenced.testing.TestServer;

/**
 * {@code channels} patterns cannot pin a thread: a pattern built to make a backtracking matcher explode answers
 * correctly while other calls keep being served, on the memory engine and on Redis (where matching used to run on
 * Lettuce's I/O thread). Syntax errors and over-long patterns are 107 naming {@code pattern}.
 */
@Timeout(120)
class ChannelPatternIT {

    private static final String LONG_CHANNEL = "chat:" + "a".repeat(200);
    // Long enough for an answer, short enough that a pinned thread fails the test instead of stalling it.
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(5);

    private static TestServer start(Engine engine) {
        return TestServer.start(engine.configWith("\"limits\":{\"max_pattern_length\":64},"
                + "\"channel\":{\"namespaces\":[{\"name\":\"chat\",\"presence\":true}]}"));
    }

    private static void join(ApiClient api, String channel, String client) {
        api.callJson("presence_join", "{\"channel\":\"" + channel + "\",\"client\":\"" + client + "\",\"user\":\"u\"}");
    }

    private static CompletableFuture<Response> channelsAsync(ApiClient api, String pattern) {
        return CompletableFuture.supplyAsync(() -> api.call("channels", "{\"pattern\":\"" + pattern + "\"}"));
    }

    @EachEngine(CORE)
    void pathologicalPatternsAnswerCorrectlyWhileOtherCallsSucceed(Engine engine) {
        try (TestServer server = start(engine)) {
            ApiClient api = server.client();
            join(api, LONG_CHANNEL, "c1");
            join(api, "chat:aaaab", "c2");

            CompletableFuture<Response> fourStars = channelsAsync(api, "*a*a*a*a*b");
            CompletableFuture<Response> sixStars = channelsAsync(api, "*a*a*a*a*a*a*b");
            JsonNode stats = api.callJson("presence_stats", "{\"channel\":\"chat:aaaab\"}");

            assertThat(stats.at("/result/num_clients").asInt()).isEqualTo(1);
            assertThat(fourStars).succeedsWithin(ANSWER_WITHIN).satisfies(r -> {
                assertThat(r.status()).as(r.body()).isEqualTo(200);
                assertThat(r.json().at("/result/channels").fieldNames()).toIterable().containsExactly("chat:aaaab");
            });
            assertThat(sixStars).succeedsWithin(ANSWER_WITHIN).satisfies(r -> {
                assertThat(r.status()).as(r.body()).isEqualTo(200);
                assertThat(r.json().at("/result/channels").isEmpty()).as(r.body()).isTrue();
            });
            JsonNode all = api.callJson("channels", "{\"pattern\":\"*a*a*a*a*a*a*\"}");
            assertThat(all.at("/result/channels").fieldNames()).toIterable()
                    .containsExactlyInAnyOrder(LONG_CHANNEL);
        }
    }

    @EachEngine(CORE)
    void caretNegatesAndAmpersandIsALiteralInAClass(Engine engine) {
        try (TestServer server = start(engine)) {
            ApiClient api = server.client();
            join(api, "chat:a", "c1");
            join(api, "chat:b", "c2");
            join(api, "chat:&", "c3");
            join(api, "chat:c", "c4");

            assertThat(channels(api, "chat:[^a]")).containsExactlyInAnyOrder("chat:b", "chat:&", "chat:c");
            assertThat(channels(api, "chat:[a&&b]")).containsExactlyInAnyOrder("chat:a", "chat:b", "chat:&");
        }
    }

    @EachEngine(CORE)
    void malformedOrOverlongPatternsAre107NamingThePattern(Engine engine) {
        try (TestServer server = start(engine)) {
            ApiClient api = server.client();
            join(api, "chat:a", "c1");

            assertError(api, "[z-a]", "bad request: pattern: range z-a at 1 is reversed (expected: low-high)");
            assertError(api, "[!]", "bad request: pattern: empty class at 0 (expected: at least one character)");
            assertError(api, "chat:[ab", "bad request: pattern: unclosed [ at 5");
            assertError(api, "*".repeat(65), "bad request: pattern: 65 bytes (expected: at most 64)");
            assertThat(channels(api, "*".repeat(64))).containsExactly("chat:a");
        }
    }

    private static Iterable<String> channels(ApiClient api, String pattern) {
        JsonNode r = api.callJson("channels", "{\"pattern\":\"" + pattern + "\"}");
        return () -> r.at("/result/channels").fieldNames();
    }

    private static void assertError(ApiClient api, String pattern, String message) {
        Response r = api.call("channels", "{\"pattern\":\"" + pattern + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().at("/error/code").asInt()).as(r.body()).isEqualTo(107);
        assertThat(r.json().at("/error/message").asText()).isEqualTo(message);
    }
}
