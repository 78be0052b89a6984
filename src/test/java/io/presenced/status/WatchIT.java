package io.presenced.status;

import static io.presenced.testing.Engines.Set.CORE;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.presenced.testing.ApiClient;
import io.presenced.testing.EachEngine;
import io.presenced.testing.Engines.Engine;
import io.presenced.testing.TestServer;
import io.presenced.testing.TestTokens;
import io.presenced.testing.WsClient;

/**
 * A client watches users through the watch channel: a snapshot in the subscribe answer, then a publication for each
 * change of a watched user, in order of its version: online, active, idle by the clock, busy with a custom text,
 * invisible (offline to watchers), offline after the grace. Who may be watched is the token's {@code watch} claim.
 */
@EachEngine(CORE)
class WatchIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameter
    Engine engine;

    private final TestTokens tokens = new TestTokens().watching("ta", "a", "b", "c").user("tb", "b", null)
            .watching("tnarrow", "a", "b");
    private TestServer server;
    private ApiClient api;

    @BeforeEach
    void start() {
        server = TestServer.start(engine.configWith("\"user_status\":{\"idle_after\":\"3s\","
                        + "\"offline_grace\":\"1s\",\"watch\":{\"enabled\":true}}"),
                Clock.systemUTC(), Map.of(), tokens);
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

    // The data of the next watch publication about user, skipping anything else.
    private static JsonNode nextUpdateOf(WsClient ws, String user) throws Exception {
        while (true) {
            JsonNode r = ws.nextReply();
            JsonNode data = r.at("/push/pub/data");
            if (r.at("/push/channel").asText().equals("$watch") && data.path("user").asText().equals(user)) {
                return data;
            }
        }
    }

    @Test
    void aWatcherSeesEachChangeOfAWatchedUserInOrder() throws Exception {
        try (WsClient a = connect("ta")) {
            JsonNode snapshot = a.send("{\"id\":2,\"subscribe\":{\"channel\":\"$watch\"}}").nextAnswer();
            assertThat(snapshot.at("/subscribe/data/users/b/online").asBoolean()).isFalse();
            assertThat(snapshot.at("/subscribe/data/users/b/status").asText()).isEqualTo("offline");
            assertThat(snapshot.at("/subscribe/data/users/c/status").asText()).isEqualTo("offline");

            WsClient b = connect("tb");
            JsonNode online = nextUpdateOf(a, "b");
            assertThat(online.path("online").asBoolean()).isTrue();

            b.send("{\"id\":2,\"rpc\":{\"method\":\"update_user_status\",\"data\":{}}}");
            JsonNode active = nextUpdateOf(a, "b");
            assertThat(active.path("status").asText()).isEqualTo("active");

            // Three seconds after its activity, b's idle timer fires: nobody reads anything for it to happen.
            JsonNode idle = nextUpdateOf(a, "b");
            assertThat(idle.path("status").asText()).isEqualTo("idle");
            assertThat(idle.path("online").asBoolean()).isTrue();

            b.send("{\"id\":3,\"rpc\":{\"method\":\"set_user_status\",\"data\":{\"state\":\"busy\","
                    + "\"custom\":{\"text\":\"in a meeting\"}}}}");
            JsonNode busy = nextUpdateOf(a, "b");
            assertThat(busy.path("status").asText()).isEqualTo("busy");
            assertThat(busy.at("/custom/text").asText()).isEqualTo("in a meeting");

            b.send("{\"id\":4,\"rpc\":{\"method\":\"set_user_status\",\"data\":{\"state\":\"invisible\"}}}");
            JsonNode invisible = nextUpdateOf(a, "b");
            assertThat(invisible.path("online").asBoolean()).isFalse();
            assertThat(invisible.path("status").asText()).isEqualTo("offline");
            assertThat(invisible.has("custom")).isFalse();
            assertThat(invisible.has("manual_state")).isFalse();

            b.send("{\"id\":5,\"rpc\":{\"method\":\"set_user_status\",\"data\":{\"state\":null}}}");
            assertThat(nextUpdateOf(a, "b").path("status").asText()).isEqualTo("idle");
            b.close();
            JsonNode offline = nextUpdateOf(a, "b");
            assertThat(offline.path("online").asBoolean()).isFalse();
            assertThat(offline.path("status").asText()).isEqualTo("offline");

            long[] versions = {online.path("version").asLong(), active.path("version").asLong(),
                idle.path("version").asLong(), busy.path("version").asLong(), invisible.path("version").asLong(),
                offline.path("version").asLong()};
            for (int i = 1; i < versions.length; i++) {
                assertThat(versions[i]).isGreaterThan(versions[i - 1]);
            }
        }
    }

    @Test
    void aSnapshotShowsTheCurrentStatusAndVersion() throws Exception {
        try (WsClient b = connect("tb")) {
            api.call("set_user_status", "{\"user\":\"b\",\"state\":\"away\"}");
            try (WsClient a = connect("ta")) {
                JsonNode answer = a.send("{\"id\":2,\"subscribe\":{\"channel\":\"$watch\","
                        + "\"data\":{\"users\":[\"b\"]}}}").nextAnswer();
                JsonNode snap = answer.at("/subscribe/data/users/b");
                assertThat(snap.path("online").asBoolean()).isTrue();
                assertThat(snap.path("status").asText()).isEqualTo("away");
                assertThat(snap.path("version").asLong()).isGreaterThanOrEqualTo(2);
                assertThat(answer.at("/subscribe/data/users").size()).isEqualTo(1);
            }
        }
    }

    @Test
    void aUserOutsideTheTokensWatchClaimCannotBeWatched() {
        try (WsClient a = connect("tnarrow")) {
            JsonNode refused = a.send("{\"id\":2,\"subscribe\":{\"channel\":\"$watch\","
                    + "\"data\":{\"users\":[\"b\",\"d\"]}}}").nextAnswer();
            assertThat(refused.at("/error/code").asInt()).isEqualTo(103);
            JsonNode bad = a.send("{\"id\":3,\"subscribe\":{\"channel\":\"$watch\","
                    + "\"data\":{\"users\":\"b\"}}}").nextAnswer();
            assertThat(bad.at("/error/code").asInt()).isEqualTo(107);
            JsonNode allowed = a.send("{\"id\":4,\"subscribe\":{\"channel\":\"$watch\","
                    + "\"data\":{\"users\":[\"b\"]}}}").nextAnswer();
            assertThat(allowed.has("subscribe")).isTrue();
        }
    }
}
