package io.presenced.presence;

import static io.presenced.testing.Engines.Set.ALL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
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

/**
 * Channel presence over real HTTP, on every engine: what backends report, what readers see, and how entries
 * expire. Deadlines follow a test clock, so expiry needs no waiting beyond one sweep.
 */
@EachEngine(ALL)
class PresenceIT {

    static final String CHANNELS = "\"channel\":{\"without_namespace\":{\"presence\":true},\"namespaces\":["
            + "{\"name\":\"chat\",\"presence\":true},{\"name\":\"quiet\",\"presence\":false}]}";
    // A client here may be in a thousand channels: client.channel_limit is raised to allow it.
    static final Map<String, String> TTL_10S = Map.of("PRESENCED_ENGINE_MEMORY_PRESENCE_TTL", "10s",
            "PRESENCED_ENGINE_REDIS_PRESENCE_TTL", "10s", "PRESENCED_CLIENT_PRESENCE_UPDATE_INTERVAL", "5s",
            "PRESENCED_CLIENT_CHANNEL_LIMIT", "1000");

    @Parameter
    Engine engine;

    private final MutableClock clock = new MutableClock();
    private TestServer server;
    private ApiClient api;

    @BeforeEach
    void start() {
        server = TestServer.start(engine.configWith(CHANNELS), clock, TTL_10S);
        api = server.client();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void join(String channel, String client, String user) {
        api.callJson("presence_join", "{\"channel\":\"" + channel + "\",\"client\":\"" + client + "\",\"user\":\""
                + user + "\"}");
    }

    private void leave(String channel, String client) {
        api.callJson("presence_leave", "{\"channel\":\"" + channel + "\",\"client\":\"" + client + "\"}");
    }

    private JsonNode presence(String channel) {
        return api.callJson("presence", "{\"channel\":\"" + channel + "\"}").at("/result/presence");
    }

    private JsonNode stats(String channel) {
        return api.callJson("presence_stats", "{\"channel\":\"" + channel + "\"}").path("result");
    }

    @Test
    void joinShowsTheClientWithItsInfos() {
        api.callJson("presence_join", "{\"channel\":\"chat:1\",\"client\":\"c1\",\"user\":\"42\","
                + "\"conn_info\":{\"name\":\"Ann\"},\"chan_info\":{\"role\":\"mod\"}}");
        join("chat:1", "c2", "43");
        JsonNode p = presence("chat:1");
        assertThat(p.size()).isEqualTo(2);
        assertThat(p.path("c1").toString())
                .isEqualTo("{\"user\":\"42\",\"client\":\"c1\",\"conn_info\":{\"name\":\"Ann\"},"
                        + "\"chan_info\":{\"role\":\"mod\"}}");
        assertThat(p.path("c2").toString()).isEqualTo("{\"user\":\"43\",\"client\":\"c2\"}");
    }

    @Test
    void joiningTwiceIsOneEntry() {
        join("chat:2", "c1", "42");
        join("chat:2", "c1", "42");
        assertThat(presence("chat:2").size()).isEqualTo(1);
        assertThat(stats("chat:2").toString()).isEqualTo("{\"num_clients\":1,\"num_users\":1}");
    }

    @Test
    void statsCountAMultiTabUserOnce() {
        join("chat:3", "tab1", "42");
        join("chat:3", "tab2", "42");
        join("chat:3", "tab3", "43");
        join("chat:3", "anon1", "");
        join("chat:3", "anon2", "");
        assertThat(stats("chat:3").toString()).isEqualTo("{\"num_clients\":5,\"num_users\":3}");
        leave("chat:3", "tab1");
        assertThat(stats("chat:3").toString()).isEqualTo("{\"num_clients\":4,\"num_users\":3}");
        leave("chat:3", "tab2");
        assertThat(stats("chat:3").toString()).isEqualTo("{\"num_clients\":3,\"num_users\":2}");
    }

    @Test
    void leaveRemovesTheEntry() {
        join("chat:4", "c1", "42");
        leave("chat:4", "c1");
        assertThat(presence("chat:4").size()).isZero();
        assertThat(stats("chat:4").toString()).isEqualTo("{\"num_clients\":0,\"num_users\":0}");
    }

    @Test
    void disconnectRemovesTheClientFromEveryChannel() {
        join("chat:5", "c1", "42");
        join("chat:6", "c1", "42");
        join("plain", "c1", "42");
        join("chat:5", "c2", "43");
        api.callJson("presence_disconnect", "{\"client\":\"c1\"}");
        assertThat(presence("chat:5").fieldNames()).toIterable().containsExactly("c2");
        assertThat(presence("chat:6").size()).isZero();
        assertThat(presence("plain").size()).isZero();
    }

    @Test
    void channelsListsExactlyTheOccupiedChannels() {
        join("chat:a", "c1", "1");
        join("chat:a", "c2", "2");
        join("chat:b", "c3", "3");
        join("plain", "c4", "4");
        join("chat:gone", "c5", "5");
        leave("chat:gone", "c5");
        assertThat(api.callJson("channels", "{}").at("/result/channels").toString())
                .isEqualTo("{\"chat:a\":{\"num_clients\":2},\"chat:b\":{\"num_clients\":1},"
                        + "\"plain\":{\"num_clients\":1}}");
        assertThat(api.callJson("channels", "{\"pattern\":\"chat:*\"}").at("/result/channels").toString())
                .isEqualTo("{\"chat:a\":{\"num_clients\":2},\"chat:b\":{\"num_clients\":1}}");
        assertThat(api.callJson("channels", "{\"pattern\":\"chat:?\"}").at("/result/channels").size())
                .isEqualTo(2);
    }

    @Test
    void batchFormsTakeManyEntriesInOneCall() {
        api.callJson("presence_join", "{\"entries\":[{\"channel\":\"chat:x\",\"client\":\"a\",\"user\":\"1\"},"
                + "{\"channel\":\"chat:y\",\"client\":\"a\",\"user\":\"1\"},"
                + "{\"channel\":\"chat:x\",\"client\":\"b\",\"user\":\"2\"}]}");
        assertThat(stats("chat:x").path("num_clients").asInt()).isEqualTo(2);
        api.callJson("presence_leave", "{\"entries\":[{\"channel\":\"chat:x\",\"client\":\"a\"},"
                + "{\"channel\":\"chat:y\",\"client\":\"a\"}]}");
        assertThat(presence("chat:x").fieldNames()).toIterable().containsExactly("b");
        assertThat(presence("chat:y").size()).isZero();
        api.callJson("presence_disconnect", "{\"clients\":[\"b\"]}");
        assertThat(presence("chat:x").size()).isZero();
    }

    @Test
    void legacyRouteServesPresenceReadsByNameAndNumber() {
        join("chat:l", "c1", "42");
        ApiClient.Response r = api.legacy("{\"id\":1,\"method\":\"presence_stats\",\"params\":{\"channel\":\"chat:l\"}}\n"
                + "{\"id\":2,\"method\":4,\"params\":{\"channel\":\"chat:l\"}}\n"
                + "{\"id\":3,\"method\":8,\"params\":{}}");
        String[] lines = r.body().split("\n");
        assertThat(lines[0]).isEqualTo("{\"id\":1,\"result\":{\"num_clients\":1,\"num_users\":1}}");
        assertThat(lines[1]).isEqualTo("{\"id\":2,\"result\":{\"presence\":{\"c1\":{\"user\":\"42\",\"client\":\"c1\"}}}}");
        assertThat(lines[2]).contains("\"chat:l\":{\"num_clients\":1}");
    }

    @Test
    void entriesExpireAfterTheTtlWhenNotRefreshed() {
        join("chat:e", "c1", "42");
        join("chat:e", "c2", "43");
        clock.advance(Duration.ofSeconds(6));
        api.callJson("presence_refresh", "{\"client\":\"c2\"}");
        clock.advance(Duration.ofSeconds(5));
        // c1's deadline (10s after its join) has passed; c2 was refreshed at 6s and lives until 16s.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(presence("chat:e").fieldNames()).toIterable().containsExactly("c2"));
        assertThat(stats("chat:e").toString()).isEqualTo("{\"num_clients\":1,\"num_users\":1}");
        clock.advance(Duration.ofSeconds(6));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(presence("chat:e").size()).isZero());
        assertThat(api.callJson("channels", "{}").at("/result/channels").has("chat:e")).isFalse();
    }

    @Test
    void aClientInAThousandChannelsIsGoneFromAllWithinTtlWhenRefreshStops() {
        StringBuilder entries = new StringBuilder("{\"entries\":[");
        for (int i = 0; i < 1000; i++) {
            entries.append(i == 0 ? "" : ",").append("{\"channel\":\"chat:k").append(i)
                    .append("\",\"client\":\"busy\",\"user\":\"7\"}");
        }
        api.callJson("presence_join", entries.append("]}").toString());
        assertThat(api.callJson("channels", "{\"pattern\":\"chat:k*\"}").at("/result/channels").size())
                .isEqualTo(1000);
        clock.advance(Duration.ofSeconds(8));
        api.callJson("presence_refresh", "{\"client\":\"busy\"}");
        clock.advance(Duration.ofSeconds(8));
        // Refreshed at 8s, so still present at 16s.
        assertThat(api.callJson("channels", "{\"pattern\":\"chat:k*\"}").at("/result/channels").size())
                .isEqualTo(1000);
        clock.advance(Duration.ofSeconds(3));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(api.callJson("channels", "{\"pattern\":\"chat:k*\"}").at("/result/channels").size())
                        .isZero());
        assertThat(stats("chat:k500").toString()).isEqualTo("{\"num_clients\":0,\"num_users\":0}");
    }

    @Test
    void onlineAdvancesWhileTheClientRefreshesAndStopsWhenItLeaves() {
        join("chat:o", "c1", "online-user");
        await().atMost(Duration.ofSeconds(5)).until(() -> onlineOf("online-user") > 0);
        long first = onlineOf("online-user");
        assertThat(first).isEqualTo(clock.millis() / 1000);

        // Within the update interval a refresh does not rewrite online.
        clock.advance(Duration.ofSeconds(2));
        api.callJson("presence_refresh", "{\"client\":\"c1\"}");
        assertThat(onlineOf("online-user")).isEqualTo(first);

        // After it, the next refresh does.
        clock.advance(Duration.ofSeconds(4));
        api.callJson("presence_refresh", "{\"client\":\"c1\"}");
        await().atMost(Duration.ofSeconds(5)).until(() -> onlineOf("online-user") == first + 6);

        leave("chat:o", "c1");
        clock.advance(Duration.ofSeconds(6));
        api.callJson("presence_refresh", "{\"client\":\"c1\"}");
        api.callJson("presence_join", "{\"channel\":\"chat:other\",\"client\":\"c9\",\"user\":\"someone-else\"}");
        await().atMost(Duration.ofSeconds(5)).until(() -> onlineOf("someone-else") > 0);
        assertThat(onlineOf("online-user")).isEqualTo(first + 6);
    }

    private long onlineOf(String user) {
        return api.callJson("get_user_status", "{\"users\":[\"" + user + "\"]}").at("/result/statuses/0/online")
                .asLong();
    }
}
