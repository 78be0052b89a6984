package io.presenced.client;

import static io.presenced.testing.Engines.Set.CORE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

import io.presenced.testing.ApiClient;
import io.presenced.testing.EachEngine;
import io.presenced.testing.Engines.Engine;
import io.presenced.testing.TestServer;
import io.presenced.testing.TestTokens;
import io.presenced.testing.WsClient;

/**
 * A channel member replaces its presence data without leaving: a client with the {@code presence_update} RPC, a
 * backend by joining again with other infos. Other subscribers see it as a join of the same client, {@code presence}
 * returns it at once, and a client's updates are written at most once per interval, the last one winning.
 */
@EachEngine(CORE)
class PresenceInfoUpdateIT {

    private static final String CHANNELS = "\"channel\":{\"namespaces\":["
            + "{\"name\":\"doc\",\"presence\":true,\"join_leave\":true,\"allow_subscribe_for_client\":true,"
            + "\"allow_presence_for_subscriber\":true},"
            + "{\"name\":\"plain\",\"allow_subscribe_for_client\":true}]}";

    @Parameter
    Engine engine;

    private final TestTokens tokens = new TestTokens().user("ta", "a", null).user("tb", "b", "{\"name\":\"Bo\"}");
    private TestServer server;
    private ApiClient api;

    @BeforeEach
    void start() {
        server = TestServer.start(engine.configWith(CHANNELS), java.time.Clock.systemUTC(),
                Map.of("PRESENCED_CLIENT_PRESENCE_INFO_MIN_INTERVAL", "500ms"), tokens);
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

    // The info of the next join push about client, skipping pushes about other clients.
    private static JsonNode nextJoinOf(WsClient ws, String client) {
        while (true) {
            JsonNode r = ws.nextReply();
            JsonNode info = r.at("/push/join/info");
            if (!info.isMissingNode() && info.path("client").asText().equals(client)) {
                return info;
            }
        }
    }

    private JsonNode presenceOf(String channel, String client) {
        return api.callJson("presence", "{\"channel\":\"" + channel + "\"}").at("/result/presence/" + client);
    }

    @Test
    void aClientsUpdateReachesTheOtherSubscribersAsAJoinAndPresenceAtOnce() {
        try (WsClient a = connect("ta")) {
            ClientPresenceIT.subscribe(a, 2, "doc:1", true);
            try (WsClient b = WsClient.open(server.webSocketUri())) {
                String bClient = b.connect("tb").at("/connect/client").asText();
                ClientPresenceIT.subscribe(b, 2, "doc:1", false);
                assertThat(nextJoinOf(a, bClient).has("chan_info")).isFalse();

                b.send("{\"id\":3,\"rpc\":{\"method\":\"presence_update\",\"data\":{\"channel\":\"doc:1\","
                        + "\"info\":{\"mode\":\"edit\",\"line\":12}}}}");
                assertThat(b.nextAnswer().toString()).isEqualTo("{\"id\":3,\"rpc\":{\"data\":{}}}");

                JsonNode pushed = nextJoinOf(a, bClient);
                assertThat(pushed.path("user").asText()).isEqualTo("b");
                assertThat(pushed.path("conn_info").toString()).isEqualTo("{\"name\":\"Bo\"}");
                assertThat(pushed.path("chan_info").toString()).isEqualTo("{\"mode\":\"edit\",\"line\":12}");
                assertThat(presenceOf("doc:1", bClient).path("chan_info").toString())
                        .isEqualTo("{\"mode\":\"edit\",\"line\":12}");
            }
        }
    }

    @Test
    void updatesWithinTheIntervalAreMergedAndTheLastOneWins() {
        try (WsClient a = connect("ta")) {
            ClientPresenceIT.subscribe(a, 2, "doc:2", true);
            try (WsClient b = WsClient.open(server.webSocketUri())) {
                String bClient = b.connect("tb").at("/connect/client").asText();
                ClientPresenceIT.subscribe(b, 2, "doc:2", false);
                nextJoinOf(a, bClient);
                // Three updates in one message: the first is written at once, the next two within the interval.
                b.send("{\"id\":3,\"rpc\":{\"method\":\"presence_update\",\"data\":{\"channel\":\"doc:2\","
                        + "\"info\":{\"n\":1}}}}\n{\"id\":4,\"rpc\":{\"method\":\"presence_update\",\"data\":"
                        + "{\"channel\":\"doc:2\",\"info\":{\"n\":2}}}}\n{\"id\":5,\"rpc\":{\"method\":"
                        + "\"presence_update\",\"data\":{\"channel\":\"doc:2\",\"info\":{\"n\":3}}}}");
                for (int id = 3; id <= 5; id++) {
                    assertThat(b.nextAnswer().toString()).isEqualTo("{\"id\":" + id + ",\"rpc\":{\"data\":{}}}");
                }
                assertThat(nextJoinOf(a, bClient).path("chan_info").toString()).isEqualTo("{\"n\":1}");
                assertThat(nextJoinOf(a, bClient).path("chan_info").toString()).isEqualTo("{\"n\":3}");
                assertThat(presenceOf("doc:2", bClient).path("chan_info").toString()).isEqualTo("{\"n\":3}");
            }
        }
    }

    @Test
    void aBackendUpdatesByJoiningAgainWithOtherInfosAndARefreshPushesNothing() {
        try (WsClient a = connect("ta")) {
            ClientPresenceIT.subscribe(a, 2, "doc:3", true);
            String v1 = "{\"channel\":\"doc:3\",\"client\":\"c1\",\"user\":\"u\",\"chan_info\":{\"v\":1}}";
            api.callJson("presence_join", v1);
            assertThat(nextJoinOf(a, "c1").path("chan_info").toString()).isEqualTo("{\"v\":1}");
            api.callJson("presence_join", v1);
            api.callJson("presence_join", v1.replace("{\"v\":1}", "{\"v\":2}"));
            // Pushes keep their order: had the identical join pushed, {"v":1} would come first.
            assertThat(nextJoinOf(a, "c1").path("chan_info").toString()).isEqualTo("{\"v\":2}");
            assertThat(presenceOf("doc:3", "c1").path("chan_info").toString()).isEqualTo("{\"v\":2}");
        }
    }

    @Test
    void anUpdateOutsideTheClientsChannelsOrWithBadDataIsRefused() {
        try (WsClient b = connect("tb")) {
            ClientPresenceIT.subscribe(b, 2, "plain:1", false);
            String[][] cases = {
                {"{\"channel\":\"doc:9\",\"info\":{}}", "103", "permission denied"},
                {"{\"channel\":\"plain:1\",\"info\":{}}", "108", "not available"},
                {"{\"info\":{}}", "107", "bad request: channel: expected a non-empty string"},
                {"[1]", "107", "bad request: data: expected a JSON object"},
                {"{\"channel\":\"plain:1\",\"info\":\"" + "x".repeat(5000) + "\"}", "107",
                    "bad request: info: 5002 bytes (expected: at most 4096)"},
                {"{\"channel\":\"plain:1\",\"info\":\"\\ud800\"}", "107",
                    "bad request: info: character 1 is an unpaired surrogate (expected: well-formed Unicode)"},
            };
            int id = 10;
            for (String[] c : cases) {
                b.send("{\"id\":" + id + ",\"rpc\":{\"method\":\"presence_update\",\"data\":" + c[0] + "}}");
                JsonNode answer = b.nextAnswer();
                assertThat(answer.at("/error/code").asText()).as(c[0]).isEqualTo(c[1]);
                assertThat(answer.at("/error/message").asText()).as(c[0]).isEqualTo(c[2]);
                id++;
            }
            // Refusals answer the command; they never close the connection.
            assertThat(b.isOpen()).isTrue();
        }
    }
}
