package io.presenced.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.presenced.presence.ClientInfo;
import io.presenced.presence.PresenceEvents;
import io.presenced.testing.ApiClient;
import io.presenced.testing.Engines;
import io.presenced.testing.Engines.Engine;
import io.presenced.testing.NodeScript;
import io.presenced.testing.TestServer;
import io.presenced.testing.TestTokens;
import io.presenced.testing.WsClient;
import io.presenced.testing.redis.RequiresRedis;

/**
 * Join and leave pushes between nodes of one Redis: a subscriber on one node hears the WebSocket clients of
 * another node and the entries a backend reports there, on every Redis topology.
 */
@RequiresRedis
class ClientFanoutIT {

    private final TestTokens tokens = new TestTokens().user("t42", "42", null).user("t7", "7", null);

    static Stream<Engine> redisEngines() {
        return Engines.Set.ALL.engines().filter(e -> !e.name().equals("memory"));
    }

    private static WsClient connect(TestServer node, String token) {
        WsClient ws = WsClient.open(node.webSocketUri());
        ws.connect(token);
        return ws;
    }

    private static void subscribe(WsClient ws, int id, String channel) {
        ws.send("{\"id\":" + id + ",\"subscribe\":{\"channel\":\"" + channel + "\",\"join_leave\":true}}");
        assertThat(ws.nextAnswer().has("subscribe")).isTrue();
    }

    /** Skips the subscriber's own join, and any probe pushes, up to the first push about {@code user}. */
    private static JsonNode nextPushAbout(WsClient ws, String user) {
        while (true) {
            JsonNode r = ws.nextReply();
            JsonNode info = r.at("/push").has("join") ? r.at("/push/join/info") : r.at("/push/leave/info");
            if (user.equals(info.path("user").asText())) {
                return r;
            }
        }
    }

    static Stream<Arguments> redisEnginesAndProtocols() {
        return redisEngines().flatMap(e -> Stream.of(Arguments.of(e, "json"), Arguments.of(e, "protobuf")));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("redisEnginesAndProtocols")
    void theSdkSeesAClientOfAnotherNodeJoinAndLeave(Engine engine, String protocol) {
        String config = engine.configWith(ClientPresenceIT.CHANNELS);
        try (TestServer a = TestServer.start(config, Clock.systemUTC(), ClientPresenceIT.FAST, tokens);
             TestServer b = TestServer.start(config, Clock.systemUTC(), ClientPresenceIT.FAST, tokens)) {
            // Both nodes' fan-out subscriptions are open once a backend join on each is heard by the other.
            awaitFanout(a, b);
            awaitFanout(b, a);
            JsonNode r = NodeScript.run("sdk.mjs", Map.of("URL", b.webSocketUri().toString(),
                    "OTHER_URL", a.webSocketUri().toString(), "PROTOCOL", protocol, "SCENARIO", "joinLeave",
                    "TOKEN", "t42", "OTHER_TOKEN", "t7")).result();
            String other = r.get("other").asText();
            assertThat(r.get("events").toString()).contains(
                    "{\"type\":\"join\",\"user\":\"7\",\"client\":\"" + other + "\",\"connInfo\":null}",
                    "{\"type\":\"leave\",\"user\":\"7\",\"client\":\"" + other + "\",\"connInfo\":null}");
        }
    }

    // Joins and leaves probe clients through {@code from}'s backend API until {@code to} reports hearing one.
    private static void awaitFanout(TestServer from, TestServer to) {
        AtomicBoolean heard = new AtomicBoolean();
        to.server().listen(new PresenceEvents() {
            @Override
            public void joined(String channel, ClientInfo info) {
                if (info.client().startsWith("fanout-probe")) {
                    heard.set(true);
                }
            }

            @Override
            public void left(String channel, ClientInfo info) {
            }
        });
        ApiClient api = from.client();
        int[] n = {0};
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).until(() -> {
            String client = "fanout-probe" + (++n[0]);
            api.call("presence_join", "{\"channel\":\"chat:probe\",\"client\":\"" + client + "\",\"user\":\"p\"}");
            api.call("presence_leave", "{\"channel\":\"chat:probe\",\"client\":\"" + client + "\"}");
            return heard.get();
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("redisEngines")
    void aSubscriberHearsTheJoinsAndLeavesOfAnotherNode(Engine engine) {
        String config = engine.configWith(ClientPresenceIT.CHANNELS);
        try (TestServer a = TestServer.start(config, Clock.systemUTC(), ClientPresenceIT.FAST, tokens);
             TestServer b = TestServer.start(config, Clock.systemUTC(), ClientPresenceIT.FAST, tokens);
             WsClient watcher = connect(b, "t42")) {
            subscribe(watcher, 2, "chat:far");
            ApiClient apiA = a.client();
            // B's subscription to the fan-out opens in the background: a backend joins probes on A until B hears.
            int[] probe = {0};
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).until(() -> {
                probe[0]++;
                apiA.call("presence_join", "{\"channel\":\"chat:far\",\"client\":\"probe" + probe[0]
                        + "\",\"user\":\"probe\"}");
                return !watcher.hasNoMessage();
            });

            try (WsClient other = connect(a, "t7")) {
                subscribe(other, 2, "chat:far");
                JsonNode join = nextPushAbout(watcher, "7");
                assertThat(join.at("/push/channel").asText()).isEqualTo("chat:far");
                assertThat(join.at("/push/join/info/client").asText()).isNotEmpty();
            }
            JsonNode leave = nextPushAbout(watcher, "7");
            assertThat(leave.at("/push/leave/info/user").asText()).isEqualTo("7");

            assertThat(apiA.call("presence_join", "{\"channel\":\"chat:far\",\"client\":\"backend-1\","
                    + "\"user\":\"99\",\"conn_info\":{\"via\":\"backend\"}}").status()).isEqualTo(200);
            JsonNode backendJoin = nextPushAbout(watcher, "99");
            assertThat(backendJoin.at("/push/join/info/conn_info/via").asText()).isEqualTo("backend");
            assertThat(apiA.call("presence_leave", "{\"channel\":\"chat:far\",\"client\":\"backend-1\"}").status())
                    .isEqualTo(200);
            assertThat(nextPushAbout(watcher, "99").at("/push/leave/info/client").asText()).isEqualTo("backend-1");
        }
    }
}
