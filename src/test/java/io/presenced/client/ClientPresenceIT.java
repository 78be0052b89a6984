package io.presenced.client;

import static io.presenced.testing.Engines.Set.ALL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

import io.presenced.testing.ApiClient;
import io.presenced.testing.EachEngine;
import io.presenced.testing.Engines.Engine;
import io.presenced.testing.MutableClock;
import io.presenced.testing.TestServer;
import io.presenced.testing.TestTokens;
import io.presenced.testing.WsClient;

/**
 * Client connections feed the one presence model, on every engine: a subscription is a presence entry the server
 * API sees, refreshed in bulk while the connection lives and gone when it ends; join and leave reach the other
 * subscribers; the client's own status call and its connection drive the user's {@code active} and {@code online}.
 */
@EachEngine(ALL)
class ClientPresenceIT {

    static final String CHANNELS = "\"channel\":{\"namespaces\":["
            + "{\"name\":\"chat\",\"presence\":true,\"join_leave\":true,\"allow_subscribe_for_client\":true,"
            + "\"allow_presence_for_subscriber\":true}]}";
    // Entries live 2 s unless refreshed; connections refresh every 300 ms.
    static final Map<String, String> FAST = Map.of("PRESENCED_ENGINE_MEMORY_PRESENCE_TTL", "2s",
            "PRESENCED_ENGINE_REDIS_PRESENCE_TTL", "2s", "PRESENCED_CLIENT_PRESENCE_UPDATE_INTERVAL", "300ms",
            "PRESENCED_USER_STATUS_CLIENT_UPDATE_MIN_INTERVAL", "1h");

    @Parameter
    Engine engine;

    private final TestTokens tokens = new TestTokens().user("t42", "42", "{\"name\":\"Ann\"}").user("t7", "7", null);
    private TestServer server;
    private ApiClient api;

    @BeforeEach
    void start() {
        startWith(java.time.Clock.systemUTC());
    }

    private void startWith(java.time.Clock clock) {
        server = TestServer.start(engine.configWith(CHANNELS), clock, FAST, tokens);
        api = server.client();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private WsClient connect(String token) {
        WsClient ws = WsClient.open(server.webSocketUri());
        ws.connect(token);
        return ws;
    }

    static void subscribe(WsClient ws, int id, String channel, boolean joinLeave) {
        ws.send("{\"id\":" + id + ",\"subscribe\":{\"channel\":\"" + channel + "\",\"join_leave\":" + joinLeave
                + "}}");
        assertThat(ws.nextAnswer().has("subscribe")).isTrue();
    }

    private JsonNode presence(String channel) {
        return api.callJson("presence", "{\"channel\":\"" + channel + "\"}").at("/result/presence");
    }

    @Test
    void aSubscriptionIsAPresenceEntryUntilTheConnectionCloses() {
        try (WsClient ws = connect("t42")) {
            subscribe(ws, 2, "chat:a", false);
            JsonNode entries = presence("chat:a");
            assertThat(entries.size()).isEqualTo(1);
            JsonNode entry = entries.elements().next();
            assertThat(entry.get("user").asText()).isEqualTo("42");
            assertThat(entry.get("conn_info").toString()).isEqualTo("{\"name\":\"Ann\"}");
            ws.send("{\"id\":3,\"presence_stats\":{\"channel\":\"chat:a\"}}");
            assertThat(ws.nextAnswer().toString())
                    .isEqualTo("{\"id\":3,\"presence_stats\":{\"num_clients\":1,\"num_users\":1}}");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> presence("chat:a").isEmpty());
    }

    @Test
    void aNodeThatShutsDownRemovesItsClientsPresenceBeforeItStops() {
        server.close();
        // A TTL far beyond the test: only the shutdown itself can have removed the entries.
        Map<String, String> longTtl = Map.of("PRESENCED_ENGINE_MEMORY_PRESENCE_TTL", "1h",
                "PRESENCED_ENGINE_REDIS_PRESENCE_TTL", "1h");
        server = TestServer.start(engine.configWith(CHANNELS), java.time.Clock.systemUTC(), longTtl, tokens);
        List<WsClient> clients = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            WsClient ws = connect("t42");
            subscribe(ws, 2, "chat:down-" + (i % 4), false);
            clients.add(ws);
        }
        server.close();
        clients.forEach(ws -> assertThat(ws.awaitClose().code()).isEqualTo(3001));
        // Another node on the same store, at once: nothing is left (on the memory engine the store went with the
        // node, so this holds trivially there).
        server = TestServer.start(engine.configWith(CHANNELS), java.time.Clock.systemUTC(), longTtl, tokens);
        api = server.client();
        for (int c = 0; c < 4; c++) {
            assertThat(presence("chat:down-" + c).size()).as("chat:down-" + c).isZero();
        }
        clients.forEach(WsClient::close);
    }

    @Test
    void unsubscribeLeavesTheChannel() {
        try (WsClient ws = connect("t42")) {
            subscribe(ws, 2, "chat:a", false);
            subscribe(ws, 3, "chat:b", false);
            ws.send("{\"id\":4,\"unsubscribe\":{\"channel\":\"chat:a\"}}");
            assertThat(ws.nextAnswer().toString()).isEqualTo("{\"id\":4,\"unsubscribe\":{}}");
            await().atMost(Duration.ofSeconds(5)).until(() -> presence("chat:a").isEmpty());
            assertThat(presence("chat:b").size()).isEqualTo(1);
        }
    }

    @Test
    void entriesOutliveTheirTtlWhileTheConnectionLives() {
        try (WsClient ws = connect("t42")) {
            subscribe(ws, 2, "chat:a", false);
            // Three TTLs: only the bulk refresh keeps the entry.
            await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(8))
                    .until(() -> presence("chat:a").size() == 1);
        }
    }

    @Test
    void subscribersWhoAskForThemReceiveJoinAndLeavePushes() {
        try (WsClient watcher = connect("t42"); WsClient other = connect("t7")) {
            subscribe(watcher, 2, "chat:room", true);
            JsonNode ownJoin = watcher.nextReply();
            assertThat(ownJoin.at("/push/join/info/user").asText()).isEqualTo("42");
            subscribe(other, 2, "chat:room", false);
            JsonNode join = watcher.nextReply();
            assertThat(join.at("/push/channel").asText()).isEqualTo("chat:room");
            assertThat(join.at("/push/join/info/user").asText()).isEqualTo("7");
            String otherClient = join.at("/push/join/info/client").asText();
            other.send("{\"id\":3,\"unsubscribe\":{\"channel\":\"chat:room\"}}");
            JsonNode leave = watcher.nextReply();
            assertThat(leave.toString()).isEqualTo("{\"push\":{\"channel\":\"chat:room\",\"leave\":{\"info\":"
                    + "{\"user\":\"7\",\"client\":\"" + otherClient + "\"}}}}");
            assertThat(other.nextAnswer().has("unsubscribe")).isTrue();
            assertThat(other.hasNoMessage()).isTrue();
        }
    }

    @Test
    void updateUserStatusMarksTheUserActiveAndTheConnectionKeepsThemOnline() {
        long before = System.currentTimeMillis() / 1000;
        try (WsClient ws = connect("t42")) {
            ws.send("{\"id\":2,\"rpc\":{\"method\":\"update_user_status\",\"data\":{}}}");
            assertThat(ws.nextAnswer().toString()).isEqualTo("{\"id\":2,\"rpc\":{\"data\":{}}}");
            JsonNode status = api.callJson("get_user_status", "{\"users\":[\"42\"]}").at("/result/statuses/0");
            assertThat(status.get("active").asLong()).isBetween(before, before + 5);
            assertThat(status.get("online").asLong()).isBetween(before, before + 5);
        }
    }

    @Test
    void statusCallsWithinTheIntervalSucceedWithoutAWrite() {
        try (WsClient ws = connect("t42")) {
            ws.send("{\"id\":2,\"rpc\":{\"method\":\"updateActiveStatus\"}}");
            assertThat(ws.nextAnswer().has("rpc")).isTrue();
            api.callJson("delete_user_status", "{\"users\":[\"42\"]}");
            ws.send("{\"id\":3,\"rpc\":{\"method\":\"update_user_status\"}}");
            assertThat(ws.nextAnswer().toString()).isEqualTo("{\"id\":3,\"rpc\":{\"data\":{}}}");
            JsonNode status = api.callJson("get_user_status", "{\"users\":[\"42\"]}").at("/result/statuses/0");
            assertThat(status.has("active")).isFalse();
        }
    }

    @Test
    void onlineKeepsAdvancingWhileConnectedWithoutAnySubscription() {
        server.close();
        MutableClock clock = new MutableClock();
        startWith(clock);
        try (WsClient ws = connect("t7")) {
            long first = clock.millis() / 1000;
            await().atMost(Duration.ofSeconds(5)).until(() -> online("7") == first);
            clock.advance(Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(5)).until(() -> online("7") == first + 30);
        }
        clock.advance(Duration.ofSeconds(30));
        long last = online("7");
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> online("7") == last);
    }

    private long online(String user) {
        return api.callJson("get_user_status", "{\"users\":[\"" + user + "\"]}").at("/result/statuses/0/online")
                .asLong();
    }
}
