package io.presenced.client;

import static io.presenced.testing.Engines.Set.CORE;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.presenced.client.auth.HmacConnectionTokens;
import io.presenced.testing.ApiClient;
import io.presenced.testing.EachEngine;
import io.presenced.testing.Engines.Engine;
import io.presenced.testing.NodeScript;
import io.presenced.testing.TestServer;
import io.presenced.testing.TestTokens;

/**
 * The real centrifuge-js SDK (from npm, under Node.js with {@code ws}) against a presenced node, in JSON and in
 * protobuf, on the memory engine and on Redis: connect with a token, subscribe, presence and stats, the status RPC
 * seen through the server API, join and leave between two clients, an expired token refreshed through
 * {@code getToken}, and a bad token.
 */
@EachEngine(CORE)
class CentrifugeSdkIT {

    static final String CHANNELS = "\"channel\":{\"namespaces\":["
            + "{\"name\":\"chat\",\"presence\":true,\"join_leave\":true,\"allow_subscribe_for_client\":true,"
            + "\"allow_presence_for_subscriber\":true}]},"
            + "\"user_status\":{\"idle_after\":\"3s\",\"offline_grace\":\"1s\",\"watch\":{\"enabled\":true}}";

    @Parameter
    Engine engine;

    private final TestTokens tokens = new TestTokens().user("t42", "42", "{\"name\":\"Ann\"}").user("t7", "7", null)
            .expired("old").watching("ta", "a", "b", "c").user("tb", "b", null).watching("tnarrow", "n", "b");
    private TestServer server;
    private ApiClient api;

    @BeforeEach
    void start() {
        server = TestServer.start(engine.configWith(CHANNELS), Clock.systemUTC(), Map.of(), tokens);
        api = server.client();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private JsonNode run(String scenario, String protocol, Map<String, String> env) {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("URL", server.webSocketUri().toString());
        all.put("PROTOCOL", protocol);
        all.put("SCENARIO", scenario);
        return NodeScript.run("sdk.mjs", all).result();
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "protobuf"})
    void theSdkConnectsSubscribesReadsPresenceAndMarksItsUserActive(String protocol) {
        long before = System.currentTimeMillis() / 1000;
        JsonNode r = run("presence", protocol, Map.of("TOKEN", "t42"));
        String client = r.get("client").asText();
        assertThat(r.at("/clients/" + client + "/user").asText()).isEqualTo("42");
        assertThat(r.at("/clients/" + client + "/connInfo").asText()).isEqualTo("{\"name\":\"Ann\"}");
        assertThat(r.get("clients").size()).isEqualTo(1);
        assertThat(r.at("/stats/numClients").asInt()).isEqualTo(1);
        assertThat(r.at("/stats/numUsers").asInt()).isEqualTo(1);
        JsonNode status = api.callJson("get_user_status", "{\"users\":[\"42\"]}").at("/result/statuses/0");
        assertThat(status.get("active").asLong()).isBetween(before, before + 10);
        assertThat(status.get("online").asLong()).isBetween(before, before + 10);
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "protobuf"})
    void aSubscriberSeesAnotherClientJoinAndLeave(String protocol) {
        JsonNode r = run("joinLeave", protocol, Map.of("TOKEN", "t42", "OTHER_TOKEN", "t7"));
        String other = r.get("other").asText();
        assertThat(r.get("events").toString()).contains(
                "{\"type\":\"join\",\"user\":\"7\",\"client\":\"" + other + "\",\"connInfo\":null}",
                "{\"type\":\"leave\",\"user\":\"7\",\"client\":\"" + other + "\",\"connInfo\":null}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "protobuf"})
    void anExpiredTokenIsReplacedThroughGetTokenAndAnExpiringConnectionRefreshes(String protocol) {
        tokens.connection("short", "42", null, Instant.now().plus(Duration.ofSeconds(2)));
        JsonNode r = run("refresh", protocol, Map.of("EXPIRED_TOKEN", "old", "SHORT_TOKEN", "short",
                "TOKEN", "t42"));
        assertThat(r.get("getTokenCalls").asInt()).isEqualTo(2);
        assertThat(r.get("connects").asInt()).isEqualTo(1);
        assertThat(r.get("disconnects").size()).isZero();
        assertThat(r.get("state").asText()).isEqualTo("connected");
        // old (109), short (connect), t42 (refresh).
        assertThat(tokens.connectionChecks()).isEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "protobuf"})
    void theSdkConnectsWithARealHs256TokenAndARealVerifier(String protocol) {
        String secret = "a-secret-of-at-least-thirty-two-bytes!";
        server.close();
        server = TestServer.start(engine.configWith(CHANNELS + ",\"client\":{\"token\":{\"hmac_secret_key\":\""
                + secret + "\"}}"));
        api = server.client();
        String token = HmacConnectionTokens.sign(secret, "42", Duration.ofHours(1), Instant.now());
        JsonNode r = run("presence", protocol, Map.of("TOKEN", token));
        assertThat(r.at("/clients/" + r.get("client").asText() + "/user").asText()).isEqualTo("42");
        String forged = HmacConnectionTokens.sign("another-secret-of-at-least-32-bytes!!", "42", Duration.ofHours(1),
                Instant.now());
        assertThat(run("badToken", protocol, Map.of("BAD_TOKEN", forged)).get("code").asInt()).isEqualTo(3500);
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "protobuf"})
    void aWatcherSeesAWatchedUsersChangesAndCannotWatchOutsideItsToken(String protocol) {
        JsonNode r = run("watch", protocol, Map.of("TOKEN", "ta", "B_TOKEN", "tb", "NARROW_TOKEN", "tnarrow"));
        assertThat(r.at("/snapshot/users/b/status").asText()).isEqualTo("offline");
        assertThat(r.at("/snapshot/users/c/status").asText()).isEqualTo("offline");
        assertThat(r.at("/online/online").asBoolean()).isTrue();
        assertThat(r.at("/active/status").asText()).isEqualTo("active");
        assertThat(r.at("/idle/status").asText()).isEqualTo("idle");
        assertThat(r.at("/busy/custom/text").asText()).isEqualTo("in a meeting");
        assertThat(r.at("/invisible/status").asText()).isEqualTo("offline");
        assertThat(r.at("/invisible/custom").isMissingNode()).isTrue();
        assertThat(r.at("/offline/status").asText()).isEqualTo("offline");
        long[] versions = {r.at("/online/version").asLong(), r.at("/active/version").asLong(),
            r.at("/idle/version").asLong(), r.at("/busy/version").asLong(), r.at("/invisible/version").asLong(),
            r.at("/offline/version").asLong()};
        for (int i = 1; i < versions.length; i++) {
            assertThat(versions[i]).isGreaterThan(versions[i - 1]);
        }
        assertThat(r.get("denied").asInt()).isEqualTo(103);
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "protobuf"})
    void aBadTokenDisconnectsWithInvalidToken(String protocol) {
        JsonNode r = run("badToken", protocol, Map.of());
        assertThat(r.get("code").asInt()).isEqualTo(3500);
        assertThat(r.get("reason").asText()).isEqualTo("invalid token");
        assertThat(r.get("state").asText()).isEqualTo("disconnected");
    }
}
