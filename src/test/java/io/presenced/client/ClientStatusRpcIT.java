package io.presenced.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.presenced.proto.client.Command;
import io.presenced.proto.client.ConnectRequest;
import io.presenced.proto.client.RPCRequest;
import io.presenced.proto.client.Reply;
import io.presenced.testing.ApiClient;
import io.presenced.testing.MutableClock;
import io.presenced.testing.NodeScript;
import io.presenced.testing.TestServer;
import io.presenced.testing.TestTokens;
import io.presenced.testing.WsClient;

/**
 * The user-status methods as client RPC over a real WebSocket: a client acts as its own user only, its reports
 * describe its own connection unless it says otherwise, it reads others in the public view and itself as it is, and
 * data that is not a JSON object is a bad request. Also through the real centrifuge-js SDK. The methods themselves
 * are the server API's, engine-independent, so on the memory engine.
 */
class ClientStatusRpcIT {

    // 2026-12-03T00:00:00Z.
    private static final long T = 1_796_256_000L;
    private static final ObjectMapper JSON = new ObjectMapper();
    // An hour between two writes of one report, so that a repeat is always within it.
    static final String CONFIG = "{\"engine\":{\"type\":\"memory\"},"
            + "\"client\":{\"allow_anonymous_connect_without_token\":true},"
            + "\"user_status\":{\"client_update_min_interval\":\"1h\"}}";

    private final TestTokens tokens = new TestTokens().user("t-u", "u", null).user("t-v", "v", null);
    private MutableClock clock;
    private TestServer server;
    private ApiClient api;

    /** A connected client and the id the server gave it. */
    private record Connection(WsClient ws, String client) implements AutoCloseable {

        @Override
        public void close() {
            ws.close();
        }
    }

    @BeforeEach
    void start() {
        clock = new MutableClock(Instant.ofEpochSecond(T));
        server = TestServer.start(CONFIG, clock, Map.of(), tokens);
        api = server.client();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void anUpdateWithoutDataReportsTheConnectionOnThePlatformItsSdkSuggests() {
        Map<String, String> platforms = new LinkedHashMap<>();
        platforms.put("js", "web");
        platforms.put("dart", "mobile");
        platforms.put("swift", "mobile");
        platforms.put("java", "mobile");
        platforms.put("desktop", "desktop");
        platforms.put("go", "other");
        platforms.put("", "other");
        for (Map.Entry<String, String> sdk : platforms.entrySet()) {
            try (Connection c = connect("t-u", sdk.getKey())) {
                assertThat(rpc(c, 2, "update_user_status", null).toString())
                        .isEqualTo("{\"id\":2,\"rpc\":{\"data\":{}}}");
                assertThat(device("u", c.client())).as("SDK %s", sdk.getKey()).isEqualTo("{\"id\":\"" + c.client()
                        + "\",\"platform\":\"" + sdk.getValue() + "\",\"status\":\"active\",\"heard\":" + T
                        + ",\"active\":" + T + "}");
            }
        }
        assertThat(detail("u").path("active").asLong()).isEqualTo(T);
    }

    @Test
    void aPlatformAndStatusWithoutADeviceDescribeTheConnection() {
        try (Connection c = connect("t-u", "js")) {
            rpc(c, 2, "update_user_status", "{\"platform\":\"desktop\",\"status\":\"idle\"}");
            assertThat(device("u", c.client())).isEqualTo("{\"id\":\"" + c.client()
                    + "\",\"platform\":\"desktop\",\"status\":\"idle\",\"heard\":" + T + "}");
        }
    }

    @Test
    void aDeviceTheClientNamesIsReportedUnderThatName() {
        try (Connection c = connect("t-u", "js")) {
            rpc(c, 2, "update_user_status", "{\"device\":\"tab-1\",\"platform\":\"web\"}");
            assertThat(detail("u").path("devices").toString()).isEqualTo("[{\"id\":\"tab-1\",\"platform\":\"web\","
                    + "\"status\":\"active\",\"heard\":" + T + ",\"active\":" + T + "}]");
        }
    }

    @Test
    void namingAnotherUserIsPermissionDeniedAndChangesNothing() {
        try (Connection c = connect("t-u", "java")) {
            awaitOnline("u");
            List<String> others = List.of(
                    "update_user_status|{\"users\":[\"v\"]}",
                    "update_user_status|{\"users\":[\"u\",\"v\"]}",
                    "updateActiveStatus|{\"users\":[\"v\"],\"device\":\"d\"}",
                    "set_user_status|{\"user\":\"v\",\"state\":\"busy\"}",
                    "setUserStatus|{\"user\":\"v\",\"custom\":{\"text\":\"hacked\"}}",
                    "get_user_status|{\"users\":[\"v\"],\"detail\":true,\"viewer\":\"v\"}",
                    "getUserStatus|{\"users\":[\"v\"],\"viewer\":\"v\"}");
            int id = 2;
            for (String call : others) {
                String[] m = call.split("\\|", 2);
                assertThat(rpc(c, id, m[0], m[1]).toString()).as(call)
                        .isEqualTo("{\"id\":" + id + ",\"error\":{\"code\":103,\"message\":\"permission denied\"}}");
                id++;
            }
            assertThat(detail("v").toString()).isEqualTo("{\"user\":\"v\",\"status\":\"offline\"}");
            assertThat(detail("u").toString()).isEqualTo("{\"user\":\"u\",\"online\":" + T + ",\"status\":\"idle\"}");
            // Its own user, named or not, is fine.
            assertThat(rpc(c, id, "set_user_status", "{\"user\":\"u\",\"state\":\"busy\"}").toString())
                    .isEqualTo("{\"id\":" + id + ",\"rpc\":{\"data\":{}}}");
            assertThat(detail("u").path("manual_state").asText()).isEqualTo("busy");
        }
    }

    @Test
    void anAnonymousClientMayCallNoStatusMethod() {
        try (Connection c = connect(null, "js")) {
            int id = 2;
            for (String method : List.of("update_user_status", "updateActiveStatus", "set_user_status",
                    "setUserStatus", "get_user_status", "getUserStatus")) {
                assertThat(rpc(c, id, method, "{\"users\":[\"u\"],\"user\":\"u\",\"state\":\"busy\"}").toString())
                        .as(method)
                        .isEqualTo("{\"id\":" + id + ",\"error\":{\"code\":103,\"message\":\"permission denied\"}}");
                id++;
            }
        }
        assertThat(detail("u").toString()).isEqualTo("{\"user\":\"u\",\"status\":\"offline\"}");
    }

    @Test
    void aClientSeesAnotherInvisibleUserAsUnknownAndItselfAsItIs() {
        api.callJson("update_user_status", "{\"users\":[\"v\"],\"device\":\"web-1\",\"platform\":\"web\"}");
        api.callJson("set_user_status", "{\"user\":\"v\",\"state\":\"invisible\",\"custom\":{\"text\":\"hiding\"}}");
        try (Connection c = connect("t-u", "js")) {
            JsonNode both = rpc(c, 2, "get_user_status", "{\"users\":[\"v\",\"nobody\"],\"detail\":true}")
                    .at("/rpc/data/statuses");
            assertThat(both.get(0).toString()).isEqualTo(both.get(1).toString().replace("nobody", "v"))
                    .isEqualTo("{\"user\":\"v\",\"status\":\"offline\"}");
            assertThat(rpc(c, 3, "getUserStatus", "{\"users\":[\"v\"]}").at("/rpc/data").toString())
                    .isEqualTo("{\"statuses\":[{\"user\":\"v\"}]}");
            assertThat(rpc(c, 4, "get_user_status", "{\"users\":[\"v\"],\"format\":\"zulip\"}")
                    .at("/rpc/data/presences").toString()).isEqualTo("{}");
            // Asking for the full view changes nothing: a client always reads as itself.
            assertThat(rpc(c, 5, "get_user_status", "{\"users\":[\"v\"],\"detail\":true,\"view\":\"full\"}")
                    .at("/rpc/data/statuses/0").toString()).isEqualTo("{\"user\":\"v\",\"status\":\"offline\"}");
        }
        try (Connection c = connect("t-v", "js")) {
            JsonNode self = rpc(c, 2, "get_user_status", "{\"users\":[\"v\"],\"detail\":true}")
                    .at("/rpc/data/statuses/0");
            assertThat(self.path("status").asText()).isEqualTo("invisible");
            assertThat(self.path("custom").toString()).isEqualTo("{\"text\":\"hiding\"}");
            assertThat(self.path("devices").get(0).path("id").asText()).isEqualTo("web-1");
        }
    }

    @Test
    void rpcDataThatIsNotAJsonObjectIsABadRequestNamingData() throws IOException {
        try (Connection c = connect("t-u", "js")) {
            int id = 2;
            for (String data : List.of("[1]", "\"text\"", "5", "true")) {
                assertThat(rpc(c, id, "set_user_status", data).toString()).as(data).isEqualTo("{\"id\":" + id
                        + ",\"error\":{\"code\":107,\"message\":\"bad request: data: expected a JSON object\"}}");
                id++;
            }
            // JSON null is no data at all.
            assertThat(rpc(c, id, "update_user_status", "null").toString())
                    .isEqualTo("{\"id\":" + id + ",\"rpc\":{\"data\":{}}}");
        }
        // Protobuf carries data as bytes, which may not be JSON at all.
        try (WsClient ws = WsClient.open(server.webSocketUri(), Map.of(), "centrifuge-protobuf")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Command.newBuilder().setId(1).setConnect(ConnectRequest.newBuilder().setToken("t-u")).build()
                    .writeDelimitedTo(out);
            Command.newBuilder().setId(2).setRpc(RPCRequest.newBuilder().setMethod("set_user_status")
                    .setData(ByteString.copyFromUtf8("{oops"))).build().writeDelimitedTo(out);
            ws.sendBinary(out.toByteArray());
            List<Reply> replies = new ArrayList<>();
            while (replies.size() < 2) {
                replies.addAll(ProtobufReplies.parse(ws.nextBinary()));
            }
            Reply bad = replies.get(1);
            assertThat(bad.getId()).isEqualTo(2);
            assertThat(bad.getError().getCode()).isEqualTo(107);
            assertThat(bad.getError().getMessage()).startsWith("bad request: data: not valid JSON (");
        }
        assertThat(detail("u").has("manual_state")).isFalse();
    }

    @Test
    void updateActiveStatusWithoutDataStillMarksTheUserActiveAndARepeatIsAnsweredAlike() {
        try (Connection c = connect("t-u", "java")) {
            c.ws().send("{\"id\":2,\"rpc\":{\"method\":\"updateActiveStatus\"}}");
            assertThat(c.ws().nextAnswer().toString()).isEqualTo("{\"id\":2,\"rpc\":{\"data\":{}}}");
            assertThat(detail("u").path("active").asLong()).isEqualTo(T);
            clock.advance(Duration.ofSeconds(10));
            // Within client_update_min_interval: not written again, and answered as the first was.
            c.ws().send("{\"id\":3,\"rpc\":{\"method\":\"updateActiveStatus\"}}");
            assertThat(c.ws().nextAnswer().toString()).isEqualTo("{\"id\":3,\"rpc\":{\"data\":{}}}");
            assertThat(detail("u").path("active").asLong()).isEqualTo(T);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "protobuf"})
    void theSdkSetsAndReadsItsUsersStatusThroughRpc(String protocol) throws IOException {
        JsonNode r = NodeScript.run("sdk.mjs", Map.of("URL", server.webSocketUri().toString(), "PROTOCOL", protocol,
                "SCENARIO", "status", "TOKEN", "t-u", "STATUS_USER", "u")).result();
        String client = r.get("client").asText();
        assertThat(r.get("update").asText()).isEqualTo("{}");
        assertThat(r.get("set").asText()).isEqualTo("{}");
        // centrifuge-js calls itself "js": its connection reports as a web device.
        assertThat(JSON.readTree(r.get("get").asText())).isEqualTo(JSON.readTree("{\"statuses\":[{\"user\":\"u\","
                + "\"active\":" + T + ",\"online\":" + T + ",\"status\":\"busy\",\"manual_state\":\"busy\","
                + "\"custom\":{\"text\":\"lunch\",\"emoji\":\":hamburger:\"},\"devices\":[{\"id\":\"" + client
                + "\",\"platform\":\"web\",\"status\":\"active\",\"heard\":" + T + ",\"active\":" + T + "}]}]}"));
    }

    private Connection connect(String token, String sdkName) {
        WsClient ws = WsClient.open(server.webSocketUri());
        ws.send("{\"id\":1,\"connect\":{" + (token == null ? "" : "\"token\":\"" + token + "\",") + "\"name\":\""
                + sdkName + "\"}}");
        String client = ws.nextAnswer().at("/connect/client").asText();
        assertThat(client).isNotEmpty();
        return new Connection(ws, client);
    }

    private static JsonNode rpc(Connection c, int id, String method, String data) {
        c.ws().send("{\"id\":" + id + ",\"rpc\":{\"method\":\"" + method + "\""
                + (data == null ? "" : ",\"data\":" + data) + "}}");
        JsonNode reply = c.ws().nextAnswer();
        assertThat(reply.path("id").asInt()).isEqualTo(id);
        return reply;
    }

    private JsonNode detail(String user) {
        return api.callJson("get_user_status", "{\"users\":[\"" + user + "\"],\"detail\":true}")
                .at("/result/statuses/0");
    }

    private String device(String user, String id) {
        for (JsonNode d : detail(user).path("devices")) {
            if (d.path("id").asText().equals(id)) {
                return d.toString();
            }
        }
        throw new AssertionError("no device " + id + " in " + detail(user));
    }

    private void awaitOnline(String user) {
        await().atMost(Duration.ofSeconds(10)).until(() -> detail(user).path("online").asLong() == T);
    }
}
