package io.presenced.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.presenced.client.auth.ServerSubscription;
import io.presenced.proto.client.Command;
import io.presenced.proto.client.ConnectRequest;
import io.presenced.proto.client.PresenceRequest;
import io.presenced.proto.client.Reply;
import io.presenced.proto.client.SubscribeRequest;
import io.presenced.testing.TestServer;
import io.presenced.testing.TestTokens;
import io.presenced.testing.WsClient;

/**
 * The client protocol's edges over a real WebSocket, with a raw client: batching, unknown fields, the order of
 * commands, pings, limits and hostile input. Engine-independent, so on the memory engine.
 */
class ClientProtocolIT {

    static final String CONFIG = "{\"engine\":{\"type\":\"memory\"},"
            + "\"client\":{\"channel_limit\":3,\"ping_interval\":\"2s\",\"pong_timeout\":\"1s\","
            + "\"allow_anonymous_connect_without_token\":true},"
            + "\"websocket\":{\"message_size_limit\":4096},"
            + "\"channel\":{\"namespaces\":["
            + "{\"name\":\"chat\",\"presence\":true,\"join_leave\":true,\"allow_subscribe_for_client\":true,"
            + "\"allow_presence_for_subscriber\":true},"
            + "{\"name\":\"quiet\",\"allow_subscribe_for_client\":true},"
            + "{\"name\":\"closed\",\"presence\":true}]}}";

    private final TestTokens tokens = new TestTokens().user("t42", "42", "{\"name\":\"Ann\"}").user("t7", "7", null)
            .expired("old").withChannels("server-side", "42", "chat:s1", "quiet:s2")
            .withChannels("server-side-unknown", "42", "nowhere:x")
            .withSubscriptions("server-side-options", "42",
                    new ServerSubscription("chat:o1", bytes("{\"seat\":3}"), bytes("{\"welcome\":true}"), null, null),
                    new ServerSubscription("chat:o2", null, null, false, null),
                    new ServerSubscription("chat:o3", null, null, null, true))
            .subscription("sub-p", "42", "$chat:p", "{\"role\":\"owner\"}")
            .subscription("sub-other", "42", "$chat:q", null).subscription("sub-of-7", "7", "$chat:p", null);
    private TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start(CONFIG, tokens);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private WsClient open() {
        return WsClient.open(server.webSocketUri());
    }

    @Test
    void connectAnswersWithClientIdPingIntervalAndPong() {
        try (WsClient ws = open()) {
            JsonNode reply = ws.connect("t42");
            assertThat(reply.get("id").asInt()).isEqualTo(1);
            assertThat(reply.at("/connect/client").asText()).hasSize(36);
            assertThat(reply.at("/connect/ping").asInt()).isEqualTo(2);
            assertThat(reply.at("/connect/pong").asBoolean()).isTrue();
        }
    }

    @Test
    void answersEveryCommandOfABatchedFrameInOneFrameSeparatedByNewlines() {
        try (WsClient ws = open()) {
            ws.send("{\"id\":1,\"connect\":{\"token\":\"t42\"}}\n{\"id\":2,\"subscribe\":{\"channel\":\"quiet:a\"}}\n"
                    + "{\"id\":3,\"publish\":{\"channel\":\"quiet:a\",\"data\":{}}}\n");
            List<JsonNode> replies = ws.nextReplies();
            assertThat(replies).extracting(r -> r.get("id").asInt()).containsExactly(1, 2, 3);
            assertThat(replies.get(1).toString()).isEqualTo("{\"id\":2,\"subscribe\":{}}");
            assertThat(replies.get(2).toString())
                    .isEqualTo("{\"id\":3,\"error\":{\"code\":108,\"message\":\"not available\"}}");
        }
    }

    @Test
    void ignoresFieldsItDoesNotKnow() {
        try (WsClient ws = open()) {
            ws.send("{\"id\":1,\"connect\":{\"token\":\"t42\",\"flag\":3,\"dict\":{}},\"future\":[1]}");
            assertThat(ws.nextAnswer().at("/connect/client").asText()).isNotEmpty();
            ws.send("{\"id\":2,\"subscribe\":{\"channel\":\"chat:a\",\"flag\":1,\"positioned\":false}}");
            assertThat(ws.nextAnswer().toString()).isEqualTo("{\"id\":2,\"subscribe\":{}}");
        }
    }

    @Test
    void closesWithBadRequestWhenTheFirstCommandIsNotConnect() {
        try (WsClient ws = open()) {
            ws.send("{\"id\":1,\"presence\":{\"channel\":\"chat:a\"}}");
            assertThat(ws.awaitClose()).isEqualTo(new WsClient.Close(3501, "bad request"));
        }
    }

    @Test
    void closesWithBadRequestOnGarbageBlankLinesWrongTypesAndUnsolicitedPongs() {
        for (String bad : List.of("not json", "{\"id\":1,\"connect\":{}}\n\n{\"id\":2,\"ping\":{}}",
                "{\"id\":\"one\",\"connect\":{}}", "{\"id\":1,\"connect\":{\"token\":42}}", "[1,2]",
                "{\"id\":1,\"connect\":{}} trailing", "{}")) {
            try (WsClient ws = open()) {
                ws.send(bad);
                assertThat(ws.awaitClose()).as(bad).isEqualTo(new WsClient.Close(3501, "bad request"));
            }
        }
    }

    @Test
    void aHostileConnectionDoesNotDisturbAnother() {
        try (WsClient good = open(); WsClient bad = open()) {
            good.connect("t42");
            bad.send("\u0000\u0001garbage");
            bad.awaitClosedWith(3501);
            good.send("{\"id\":2,\"subscribe\":{\"channel\":\"quiet:a\"}}");
            assertThat(good.nextAnswer().toString()).isEqualTo("{\"id\":2,\"subscribe\":{}}");
        }
    }

    @Test
    void closesWithMessageTooBigWhenAFrameExceedsTheLimit() {
        try (WsClient ws = open()) {
            ws.connect("t42");
            ws.send("{\"id\":2,\"rpc\":{\"method\":\"x\",\"data\":\"" + "a".repeat(5000) + "\"}}");
            assertThat(ws.awaitClose().code()).isEqualTo(1009);
        }
    }

    @Test
    void invalidTokenClosesWith3500AndExpiredTokenAnswers109() {
        try (WsClient ws = open()) {
            ws.send("{\"id\":1,\"connect\":{\"token\":\"forged\"}}");
            assertThat(ws.awaitClose()).isEqualTo(new WsClient.Close(3500, "invalid token"));
        }
        try (WsClient ws = open()) {
            assertThat(ws.connect("old").toString())
                    .isEqualTo("{\"id\":1,\"error\":{\"code\":109,\"message\":\"token expired\"}}");
        }
    }

    @Test
    void connectWithoutTokenIsAnonymousWhenAllowed() {
        try (WsClient ws = open()) {
            ws.send("{\"id\":1,\"connect\":{}}");
            assertThat(ws.nextAnswer().at("/connect/client").asText()).isNotEmpty();
            ws.send("{\"id\":2,\"subscribe\":{\"channel\":\"chat:a\"}}");
            assertThat(ws.nextAnswer().at("/error/code").asInt()).isEqualTo(103);
            ws.send("{\"id\":3,\"rpc\":{\"method\":\"update_user_status\"}}");
            assertThat(ws.nextAnswer().at("/error/code").asInt()).isEqualTo(103);
        }
    }

    @Test
    void answersCentrifugoErrorCodesForChannelsAndMethods() {
        try (WsClient ws = open()) {
            ws.connect("t42");
            ws.send("{\"id\":2,\"subscribe\":{\"channel\":\"nowhere:a\"}}\n"
                    + "{\"id\":3,\"subscribe\":{\"channel\":\"closed:a\"}}\n"
                    + "{\"id\":4,\"subscribe\":{\"channel\":\"$chat:private\"}}\n"
                    + "{\"id\":5,\"subscribe\":{\"channel\":\"quiet:a\"}}\n"
                    + "{\"id\":6,\"subscribe\":{\"channel\":\"quiet:a\"}}\n"
                    + "{\"id\":7,\"presence\":{\"channel\":\"quiet:a\"}}\n"
                    + "{\"id\":8,\"presence\":{\"channel\":\"closed:a\"}}\n"
                    + "{\"id\":9,\"rpc\":{\"method\":\"no_such_method\"}}\n"
                    + "{\"id\":10,\"history\":{\"channel\":\"quiet:a\"}}\n"
                    + "{\"id\":11,\"subscribe\":{\"channel\":\"" + "c".repeat(300) + "\"}}");
            assertThat(ws.nextReplies()).extracting(r -> r.at("/error/code").asInt())
                    .containsExactly(102, 103, 103, 0, 105, 108, 103, 104, 108, 107);
        }
    }

    @Test
    void subscribesToTheTokensChannelsBeforeAnsweringConnect() {
        try (WsClient ws = open()) {
            JsonNode reply = ws.connect("server-side");
            assertThat(reply.at("/connect/subs").toString()).isEqualTo("{\"chat:s1\":{},\"quiet:s2\":{}}");
            String client = reply.at("/connect/client").asText();
            JsonNode presence = server.client().callJson("presence", "{\"channel\":\"chat:s1\"}");
            assertThat(presence.at("/result/presence/" + client + "/user").asText()).isEqualTo("42");
        }
        try (WsClient ws = open()) {
            assertThat(ws.connect("server-side-unknown").at("/error/code").asInt()).isEqualTo(102);
        }
    }

    @Test
    void theTokensSubscribeOptionsGiveChanInfoDataAndOverrides() {
        try (WsClient ws = open(); WsClient other = open()) {
            JsonNode reply = ws.connect("server-side-options");
            assertThat(reply.at("/connect/subs").toString())
                    .isEqualTo("{\"chat:o1\":{\"data\":{\"welcome\":true}},\"chat:o2\":{},\"chat:o3\":{}}");
            String client = reply.at("/connect/client").asText();
            JsonNode o1 = server.client().callJson("presence", "{\"channel\":\"chat:o1\"}");
            assertThat(o1.at("/result/presence/" + client + "/chan_info").toString()).isEqualTo("{\"seat\":3}");
            // presence overridden to false: subscribed, but not in the channel's presence.
            JsonNode o2 = server.client().callJson("presence", "{\"channel\":\"chat:o2\"}");
            assertThat(o2.at("/result/presence").size()).isZero();
            // force_push_join_leave overridden to true: pushes without asking for them.
            String otherClient = other.connect("t7").at("/connect/client").asText();
            other.send("{\"id\":2,\"subscribe\":{\"channel\":\"chat:o3\"}}");
            // Its own join comes first, right after the connect answer; then the other client's.
            JsonNode own = ws.nextReply();
            assertThat(own.at("/push/channel").asText()).isEqualTo("chat:o3");
            assertThat(own.at("/push/join/info/client").asText()).isEqualTo(client);
            JsonNode push = ws.nextReply();
            assertThat(push.at("/push/channel").asText()).isEqualTo("chat:o3");
            assertThat(push.at("/push/join/info/client").asText()).isEqualTo(otherClient);
        }
    }

    @Test
    void aPrivateChannelNeedsASubscriptionTokenForThatChannelAndUser() {
        try (WsClient ws = open()) {
            String client = ws.connect("t42").at("/connect/client").asText();
            ws.send("{\"id\":2,\"subscribe\":{\"channel\":\"$chat:p\",\"token\":\"forged\"}}\n"
                    + "{\"id\":3,\"subscribe\":{\"channel\":\"$chat:p\",\"token\":\"sub-p\"}}\n"
                    + "{\"id\":4,\"presence\":{\"channel\":\"$chat:p\"}}");
            List<JsonNode> replies = new ArrayList<>();
            while (replies.size() < 3) {
                replies.addAll(ws.nextReplies());
            }
            assertThat(replies.get(0).at("/error/code").asInt()).isEqualTo(103);
            assertThat(replies.get(1).toString()).isEqualTo("{\"id\":3,\"subscribe\":{}}");
            assertThat(replies.get(2).at("/presence/presence/" + client + "/chan_info").toString())
                    .isEqualTo("{\"role\":\"owner\"}");
        }
        for (String mismatched : List.of("sub-other", "sub-of-7")) {
            try (WsClient ws = open()) {
                ws.connect("t42");
                ws.send("{\"id\":2,\"subscribe\":{\"channel\":\"$chat:p\",\"token\":\"" + mismatched + "\"}}");
                assertThat(ws.awaitClose()).as(mismatched).isEqualTo(new WsClient.Close(3500, "invalid token"));
            }
        }
    }

    @Test
    void closesWithBadRequestOnAPongThatAnswersNoPing() {
        try (WsClient ws = open()) {
            ws.connect("t42");
            ws.send("{}");
            assertThat(ws.awaitClose()).isEqualTo(new WsClient.Close(3501, "bad request"));
        }
    }

    @Test
    void refusesASubscriptionBeyondTheChannelLimit() {
        try (WsClient ws = open()) {
            ws.connect("t42");
            ws.send("{\"id\":2,\"subscribe\":{\"channel\":\"quiet:1\"}}\n"
                    + "{\"id\":3,\"subscribe\":{\"channel\":\"quiet:2\"}}\n"
                    + "{\"id\":4,\"subscribe\":{\"channel\":\"quiet:3\"}}\n"
                    + "{\"id\":5,\"subscribe\":{\"channel\":\"quiet:4\"}}");
            assertThat(ws.nextReplies()).extracting(r -> r.at("/error/code").asInt()).containsExactly(0, 0, 0, 106);
        }
    }

    @Test
    void keepsAClientThatAnswersPingsAndClosesOneThatDoesNotWith3012() {
        try (WsClient silent = open(); WsClient polite = open()) {
            silent.connect("t42");
            polite.connect("t7");
            for (int i = 0; i < 2; i++) {
                assertThat(polite.nextReply().toString()).isEqualTo("{}");
                polite.send("{}");
            }
            assertThat(silent.awaitClose()).isEqualTo(new WsClient.Close(3012, "no pong"));
            assertThat(polite.isOpen()).isTrue();
        }
    }

    @Test
    void closesAConnectionWhoseTokenExpiredWithoutARefresh() {
        server.close();
        server = TestServer.start(CONFIG.replace("\"client\":{", "\"client\":{\"expired_close_delay\":\"0s\","),
                tokens);
        tokens.connection("soon", "42", null, java.time.Instant.now().plusMillis(1500));
        try (WsClient ws = open()) {
            JsonNode reply = ws.connect("soon");
            assertThat(reply.at("/connect/expires").asBoolean()).isTrue();
            assertThat(reply.at("/connect/ttl").asInt()).isBetween(1, 2);
            assertThat(ws.awaitClose()).isEqualTo(new WsClient.Close(3005, "connection expired"));
        }
    }

    @Test
    void closesAConnectionThatNeverConnectsAsStale() {
        server.close();
        server = TestServer.start(CONFIG.replace("\"channel_limit\":3",
                "\"channel_limit\":3,\"stale_close_delay\":\"300ms\""), tokens);
        try (WsClient ws = open()) {
            assertThat(ws.awaitClose()).isEqualTo(new WsClient.Close(3502, "stale"));
        }
    }

    @Test
    void refusesABrowserOriginUnlessAllowed() {
        assertThatThrownBy(() -> WsClient.open(server.webSocketUri(), Map.of("Origin", "https://evil.example"), null))
                .rootCause().hasMessageContaining("403");
        server.close();
        server = TestServer.start(CONFIG.replace("\"client\":{",
                "\"client\":{\"allowed_origins\":[\"https://*.example.com\"],"), tokens);
        try (WsClient ws = WsClient.open(server.webSocketUri(), Map.of("Origin", "https://app.example.com"), null)) {
            assertThat(ws.connect("t42").at("/connect/client").asText()).isNotEmpty();
        }
    }

    @Test
    void speaksProtobufWithTheCentrifugeSubprotocol() throws IOException {
        try (WsClient ws = WsClient.open(server.webSocketUri(), Map.of(), "centrifuge-protobuf")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Command.newBuilder().setId(1).setConnect(ConnectRequest.newBuilder().setToken("t42")).build()
                    .writeDelimitedTo(out);
            Command.newBuilder().setId(2).setSubscribe(SubscribeRequest.newBuilder().setChannel("chat:p")).build()
                    .writeDelimitedTo(out);
            Command.newBuilder().setId(3).setPresence(PresenceRequest.newBuilder().setChannel("chat:p")).build()
                    .writeDelimitedTo(out);
            ws.sendBinary(out.toByteArray());
            // Replies of asynchronous commands may come in later messages.
            List<Reply> replies = new java.util.ArrayList<>();
            while (replies.size() < 3) {
                replies.addAll(ProtobufReplies.parse(ws.nextBinary()));
            }
            replies.sort(java.util.Comparator.comparingInt(Reply::getId));
            String client = replies.get(0).getConnect().getClient();
            assertThat(client).isNotEmpty();
            assertThat(replies.get(1).hasSubscribe()).isTrue();
            Reply presence = replies.get(2);
            assertThat(presence.getPresence().getPresenceMap()).containsOnlyKeys(client);
            assertThat(presence.getPresence().getPresenceMap().get(client).getConnInfo().toStringUtf8())
                    .isEqualTo("{\"name\":\"Ann\"}");
        }
    }

    @Test
    void speaksProtobufWhenTheQueryAsksForIt() throws IOException {
        URI uri = URI.create(server.webSocketUri() + "?cf_protocol=protobuf");
        try (WsClient ws = WsClient.open(uri, Map.of(), null)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Command.newBuilder().setId(1).setConnect(ConnectRequest.newBuilder().setToken("t42")).build()
                    .writeDelimitedTo(out);
            ws.sendBinary(out.toByteArray());
            assertThat(ProtobufReplies.parse(ws.nextBinary()).get(0).getConnect().getClient()).isNotEmpty();
        }
    }

    @Test
    void protobufConnectionsRefuseTextFramesAndBytesThatAreNoCommand() {
        try (WsClient ws = WsClient.open(server.webSocketUri(), Map.of(), "centrifuge-protobuf")) {
            ws.send("{\"id\":1,\"connect\":{}}");
            assertThat(ws.awaitClose()).isEqualTo(new WsClient.Close(3501, "bad request"));
        }
        try (WsClient ws = WsClient.open(server.webSocketUri(), Map.of(), "centrifuge-protobuf")) {
            ws.sendBinary(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f, 1, 2});
            assertThat(ws.awaitClose()).isEqualTo(new WsClient.Close(3501, "bad request"));
        }
    }

    @Test
    void insecureModeLetsAnAnonymousClientIntoEveryChannel() {
        server.close();
        server = TestServer.start(CONFIG.replace("\"client\":{", "\"client\":{\"insecure\":true,"), tokens);
        try (WsClient ws = open()) {
            ws.send("{\"id\":1,\"connect\":{}}\n{\"id\":2,\"subscribe\":{\"channel\":\"closed:a\"}}\n"
                    + "{\"id\":3,\"presence_stats\":{\"channel\":\"closed:a\"}}");
            List<JsonNode> replies = new ArrayList<>();
            while (replies.size() < 3) {
                replies.addAll(ws.nextReplies());
            }
            assertThat(replies.get(1).toString()).isEqualTo("{\"id\":2,\"subscribe\":{}}");
            assertThat(replies.get(2).toString())
                    .isEqualTo("{\"id\":3,\"presence_stats\":{\"num_clients\":1,\"num_users\":1}}");
        }
    }

    @Test
    void theServerApiStillAnswersOnTheSamePort() {
        await().atMost(Duration.ofSeconds(5)).until(() -> server.client().call("info", "{}").status() == 200);
    }
}
