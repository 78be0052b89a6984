package io.presenced.api;

import static io.presenced.testing.Engines.Set.CORE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.presenced.proto.api.GetUserStatusResponse;
import io.presenced.proto.api.GetUserStatusResult;
import io.presenced.proto.api.RPCRequest;
import io.presenced.proto.api.RPCResponse;
import io.presenced.proto.api.UserStatus;
import io.presenced.proto.presence.CustomStatus;
import io.presenced.proto.presence.GetUserStatusRequest;
import io.presenced.proto.presence.PresenceApiGrpc.PresenceApiBlockingStub;
import io.presenced.proto.presence.SetUserStatusRequest;
import io.presenced.proto.presence.SetUserStatusResponse;
import io.presenced.proto.presence.UpdateUserStatusRequest;
import io.presenced.testing.ApiClient;
import io.presenced.testing.EachEngine;
import io.presenced.testing.Engines.Engine;
import io.presenced.testing.GrpcClients;
import io.presenced.testing.MutableClock;
import io.presenced.testing.ProtoJson;
import io.presenced.testing.TestServer;
import io.presenced.testing.TestTokens;
import io.presenced.testing.WsClient;

/**
 * The rich user-status methods give the same answer over HTTP, over gRPC ({@code presenced.api.PresenceApi}) and as
 * client RPC on a WebSocket: for each input, the same result or the same error code and message, and the same stored
 * facts afterwards. Each input runs three times from the same starting facts, once per transport, on a clock that
 * stands still, so every timestamp is equal. The WebSocket client is connected as the user the input names, and
 * each input names its device ({@code ""} for none) or its viewer, so that what client RPC fills in by itself is what
 * the input already says; those defaults are {@code ClientStatusRpcIT}'s.
 */
@EachEngine(CORE)
class StatusParityIT {

    // 2026-12-03T00:00:00Z.
    private static final long T = 1_796_256_000L;
    private static final String GRPC_KEY = "grpc-key";
    // Every user a case touches: reset before each transport's run, read back after it.
    private static final List<String> USERS = List.of("u", "v", "w", "p");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Facts for reads: u with two devices and everything set by hand, v invisible, p with a plain ping, w unknown. */
    private static final List<Step> RICH = List.of(
            new Step("update_user_status", "{\"users\":[\"u\"],\"device\":\"desk\",\"platform\":\"desktop\"}"),
            new Step("update_user_status", "{\"users\":[\"u\"],\"device\":\"phone\",\"platform\":\"mobile\","
                    + "\"status\":\"idle\",\"state\":\"x\"}"),
            new Step("set_user_status", "{\"user\":\"u\",\"state\":\"busy\",\"custom\":{\"text\":\"lunch\","
                    + "\"emoji\":\"\ud83c\udf54\",\"expires_at\":" + (T + 3600) + "},"
                    + "\"activity\":{\"type\":\"in_call\",\"expires_at\":" + (T + 600) + "}}"),
            new Step("update_user_status", "{\"users\":[\"v\"],\"device\":\"web-1\",\"platform\":\"web\"}"),
            new Step("set_user_status", "{\"user\":\"v\",\"state\":\"invisible\",\"custom\":{\"text\":\"hiding\"}}"),
            new Step("update_user_status", "{\"users\":[\"p\"]}"));

    /** u with a manual state, a custom status and an activity, for inputs that keep or clear them. */
    private static final List<Step> SET_BY_HAND = List.of(
            new Step("set_user_status", "{\"user\":\"u\",\"state\":\"busy\",\"custom\":{\"text\":\"focus\","
                    + "\"emoji\":\":brain:\"},\"activity\":{\"type\":\"focus\",\"expires_at\":" + (T + 60) + "}}"));

    @Parameter
    Engine engine;

    private final TestTokens tokens = new TestTokens().user("token-u", "u", null).user("token-v", "v", null);
    private TestServer server;
    private ApiClient http;
    private PresenceApiBlockingStub grpc;
    private int nextId = 2;

    /** One call made before the input, over HTTP. */
    record Step(String method, String body) {
    }

    /**
     * One input.
     *
     * @param name     shown in the test name
     * @param user     the user the WebSocket client connects as: the one the input names
     * @param method   the server-API method, also the client RPC method
     * @param input    the JSON params, the RPC data, and (mapped field by field) the protobuf request
     * @param refusal  {@code ""} when the input is accepted, else the start of the 107 message after
     *                 {@code "bad request: "}
     * @param setup    calls made before the input, from no facts at all
     */
    record Case(String name, String user, String method, String input, String refusal, List<Step> setup) {

        static Case ok(String name, String method, String input, List<Step> setup) {
            return new Case(name, "u", method, input, "", setup);
        }

        static Case bad(String name, String method, String input, String refusal) {
            return new Case(name, "u", method, input, refusal, List.of());
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** What one transport answered, and the facts stored afterwards. */
    record Outcome(JsonNode answer, JsonNode facts) {
    }

    private enum Transport {
        HTTP, GRPC, WEBSOCKET
    }

    @BeforeEach
    void start() {
        server = TestServer.start(engine.configWith("\"grpc_api\":{\"enabled\":true,\"key\":\"" + GRPC_KEY + "\"}"),
                new MutableClock(Instant.ofEpochSecond(T)), Map.of(), tokens);
        http = server.client();
        grpc = GrpcClients.presenceApi(server.grpcChannel(), GRPC_KEY);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static Stream<Case> everyTransportCanCarry() {
        String tooLong = "x".repeat(257);
        return Stream.of(
                Case.ok("update: Centrifugo's ping, no device", "update_user_status",
                        "{\"users\":[\"u\"],\"device\":\"\"}", List.of()),
                Case.ok("update: ping with a state", "update_user_status",
                        "{\"users\":[\"u\"],\"state\":\"in the zone\",\"device\":\"\"}", List.of()),
                Case.ok("update: an active device with its platform", "update_user_status",
                        "{\"users\":[\"u\"],\"device\":\"desk\",\"platform\":\"desktop\",\"status\":\"active\"}",
                        List.of()),
                Case.ok("update: an idle device", "update_user_status",
                        "{\"users\":[\"u\"],\"device\":\"phone\",\"platform\":\"mobile\",\"status\":\"idle\"}",
                        List.of()),
                Case.ok("update: a new device without a platform", "update_user_status",
                        "{\"users\":[\"u\"],\"device\":\"tv\"}", List.of()),
                Case.ok("update: a known device keeps its platform", "update_user_status",
                        "{\"users\":[\"u\"],\"device\":\"desk\",\"status\":\"idle\"}", RICH),
                Case.bad("update: unknown platform", "update_user_status",
                        "{\"users\":[\"u\"],\"device\":\"d\",\"platform\":\"tv\"}",
                        "platform: unknown platform \"tv\""),
                Case.bad("update: unknown status", "update_user_status",
                        "{\"users\":[\"u\"],\"device\":\"d\",\"status\":\"asleep\"}", "status: unknown status"),
                Case.bad("update: idle without a device", "update_user_status",
                        "{\"users\":[\"u\"],\"device\":\"\",\"status\":\"idle\"}", "status: \"idle\" without a device"),
                Case.bad("update: platform without a device", "update_user_status",
                        "{\"users\":[\"u\"],\"device\":\"\",\"platform\":\"web\"}", "platform: given without a device"),
                Case.bad("update: device id too long", "update_user_status",
                        "{\"users\":[\"u\"],\"device\":\"" + "d".repeat(65) + "\"}", "device: 65 bytes"),
                Case.bad("update: device id with a control character", "update_user_status",
                        "{\"users\":[\"u\"],\"device\":\"a\\u0001b\"}", "device: character 1 is a control"),
                Case.bad("update: the reserved device id", "update_user_status",
                        "{\"users\":[\"u\"],\"device\":\"aggregated\"}", "device: \"aggregated\" is reserved"),
                Case.bad("update: state too long", "update_user_status",
                        "{\"users\":[\"u\"],\"device\":\"d\",\"state\":\"" + tooLong + "\"}", "state: 257 bytes"),
                Case.ok("set: a manual state", "set_user_status", "{\"user\":\"u\",\"state\":\"away\"}", List.of()),
                Case.ok("set: invisible", "set_user_status", "{\"user\":\"u\",\"state\":\"invisible\"}", RICH),
                Case.ok("set: everything, with expiries", "set_user_status",
                        "{\"user\":\"u\",\"state\":\"dnd\",\"custom\":{\"text\":\"lunch\",\"emoji\":\"\ud83c\udf54\","
                                + "\"expires_at\":" + (T + 3600) + "},\"activity\":{\"type\":\"in_meeting\","
                                + "\"expires_at\":" + (T + 1) + "}}", List.of()),
                Case.ok("set: an application's own activity without expiry", "set_user_status",
                        "{\"user\":\"u\",\"activity\":{\"type\":\"gaming\"}}", List.of()),
                Case.ok("set: a part left out is kept", "set_user_status",
                        "{\"user\":\"u\",\"custom\":{\"text\":\"deep work\"}}", SET_BY_HAND),
                Case.ok("set: null clears every part", "set_user_status",
                        "{\"user\":\"u\",\"state\":null,\"custom\":null,\"activity\":null}", SET_BY_HAND),
                Case.ok("set: an empty state clears it", "set_user_status",
                        "{\"user\":\"u\",\"state\":\"\"}", SET_BY_HAND),
                Case.bad("set: unknown state", "set_user_status", "{\"user\":\"u\",\"state\":\"sleeping\"}",
                        "state: unknown state \"sleeping\""),
                Case.bad("set: custom text too long", "set_user_status",
                        "{\"user\":\"u\",\"custom\":{\"text\":\"" + tooLong + "\"}}", "custom.text: 257 bytes"),
                Case.bad("set: empty custom text", "set_user_status", "{\"user\":\"u\",\"custom\":{\"text\":\"\"}}",
                        "custom.text: must not be empty"),
                Case.bad("set: custom text with a control character", "set_user_status",
                        "{\"user\":\"u\",\"custom\":{\"text\":\"a\\u0007\"}}", "custom.text: character 1 is a control"),
                Case.bad("set: emoji too long", "set_user_status",
                        "{\"user\":\"u\",\"custom\":{\"text\":\"t\",\"emoji\":\"" + "e".repeat(65) + "\"}}",
                        "custom.emoji: 65 bytes"),
                Case.bad("set: custom expiry now", "set_user_status",
                        "{\"user\":\"u\",\"custom\":{\"text\":\"t\",\"expires_at\":" + T + "}}",
                        "custom.expires_at: " + T + " is in the past"),
                Case.bad("set: negative custom expiry", "set_user_status",
                        "{\"user\":\"u\",\"custom\":{\"text\":\"t\",\"expires_at\":-5}}",
                        "custom.expires_at: -5 (expected: Unix seconds in the future"),
                Case.bad("set: activity expiry in the past", "set_user_status",
                        "{\"user\":\"u\",\"activity\":{\"type\":\"in_call\",\"expires_at\":1}}",
                        "activity.expires_at: 1 is in the past"),
                Case.bad("set: empty activity type", "set_user_status",
                        "{\"user\":\"u\",\"activity\":{\"type\":\"\"}}", "activity.type: must not be empty"),
                Case.bad("set: activity type too long", "set_user_status",
                        "{\"user\":\"u\",\"activity\":{\"type\":\"" + "a".repeat(65) + "\"}}",
                        "activity.type: 65 bytes"),
                Case.ok("get: Centrifugo's fields in the public view", "get_user_status",
                        "{\"users\":[\"u\",\"v\",\"w\",\"p\"],\"view\":\"public\",\"viewer\":\"u\"}", RICH),
                Case.ok("get: detail in the public view", "get_user_status",
                        "{\"users\":[\"u\",\"v\",\"w\",\"p\"],\"detail\":true,\"view\":\"public\",\"viewer\":\"u\"}",
                        RICH),
                Case.ok("get: detail with a viewer and no view", "get_user_status",
                        "{\"users\":[\"v\",\"u\"],\"detail\":true,\"viewer\":\"u\"}", RICH),
                Case.ok("get: the full view with a viewer is the public view", "get_user_status",
                        "{\"users\":[\"v\",\"u\"],\"detail\":true,\"view\":\"full\",\"viewer\":\"u\"}", RICH),
                Case.ok("get: Zulip's format", "get_user_status",
                        "{\"users\":[\"u\",\"v\",\"w\",\"p\"],\"format\":\"zulip\",\"view\":\"public\","
                                + "\"viewer\":\"u\"}", RICH),
                Case.ok("get: Zulip's format with detail", "get_user_status",
                        "{\"users\":[\"u\",\"p\"],\"detail\":true,\"format\":\"zulip\",\"viewer\":\"u\"}", RICH),
                Case.ok("get: Zulip's format of nobody heard", "get_user_status",
                        "{\"users\":[\"v\",\"w\"],\"format\":\"zulip\",\"viewer\":\"u\"}", RICH),
                new Case("get: an invisible viewer sees itself", "v", "get_user_status",
                        "{\"users\":[\"u\",\"v\"],\"detail\":true,\"view\":\"public\",\"viewer\":\"v\"}", "", RICH),
                Case.bad("get: unknown format", "get_user_status",
                        "{\"users\":[\"u\"],\"format\":\"xml\",\"viewer\":\"u\"}", "format: unknown format \"xml\""),
                Case.bad("get: unknown view", "get_user_status",
                        "{\"users\":[\"u\"],\"detail\":true,\"view\":\"secret\",\"viewer\":\"u\"}",
                        "view: unknown view \"secret\""),
                Case.bad("get: no users", "get_user_status", "{\"users\":[],\"detail\":true,\"viewer\":\"u\"}",
                        "users: must not be empty"),
                Case.bad("get: an empty user id", "get_user_status",
                        "{\"users\":[\"u\",\"\"],\"detail\":true,\"viewer\":\"u\"}", "users[1]: must not be empty"));
    }

    /** Inputs of the wrong JSON type, which protobuf's typed fields cannot carry: HTTP and WebSocket only. */
    static Stream<Case> onlyJsonCanCarry() {
        return Stream.of(
                Case.bad("update: device not a string", "update_user_status", "{\"users\":[\"u\"],\"device\":5}",
                        "device: expected a string"),
                Case.bad("update: status not a string", "update_user_status",
                        "{\"users\":[\"u\"],\"device\":\"d\",\"status\":true}", "status: expected a string"),
                Case.bad("set: state not a string", "set_user_status", "{\"user\":\"u\",\"state\":5}",
                        "state: expected a string"),
                Case.bad("set: custom not an object", "set_user_status", "{\"user\":\"u\",\"custom\":\"text\"}",
                        "custom: expected an object or null"),
                Case.bad("set: expiry not an integer", "set_user_status",
                        "{\"user\":\"u\",\"custom\":{\"text\":\"t\",\"expires_at\":\"soon\"}}",
                        "custom.expires_at: expected an integer"),
                Case.bad("set: activity type not a string", "set_user_status",
                        "{\"user\":\"u\",\"activity\":{\"type\":[1]}}", "activity.type: expected a string"),
                Case.bad("get: detail not a boolean", "get_user_status",
                        "{\"users\":[\"u\"],\"detail\":\"yes\",\"viewer\":\"u\"}", "detail: expected true or false"),
                Case.bad("get: view not a string", "get_user_status",
                        "{\"users\":[\"u\"],\"view\":1,\"viewer\":\"u\"}", "view: expected a string"),
                Case.bad("get: format not a string", "get_user_status",
                        "{\"users\":[\"u\"],\"format\":{},\"viewer\":\"u\"}", "format: expected a string"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyTransportCanCarry")
    void answersAndStoresTheSameOverHttpGrpcAndWebSocket(Case c) {
        try (WsClient ws = connectedAs(c.user())) {
            Outcome overHttp = run(Transport.HTTP, c, ws);
            Outcome overGrpc = run(Transport.GRPC, c, ws);
            Outcome overWs = run(Transport.WEBSOCKET, c, ws);
            assertExpected(c, overHttp);
            assertThat(overGrpc).as("gRPC against HTTP").isEqualTo(overHttp);
            assertThat(overWs).as("WebSocket against HTTP").isEqualTo(overHttp);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("onlyJsonCanCarry")
    void answersWrongTypesTheSameOverHttpAndWebSocket(Case c) {
        try (WsClient ws = connectedAs(c.user())) {
            Outcome overHttp = run(Transport.HTTP, c, ws);
            Outcome overWs = run(Transport.WEBSOCKET, c, ws);
            assertExpected(c, overHttp);
            assertThat(overWs).as("WebSocket against HTTP").isEqualTo(overHttp);
        }
    }

    @Test
    void aGrpcClearTogetherWithAValueIsABadRequestThatChangesNothing() {
        call(SET_BY_HAND.get(0));
        JsonNode before = facts();
        SetUserStatusResponse r = grpc.setUserStatus(SetUserStatusRequest.newBuilder().setUser("u")
                .setCustom(CustomStatus.newBuilder().setText("t")).setClearCustom(true).build());
        assertThat(r.getError().getCode()).isEqualTo(107);
        assertThat(r.getError().getMessage())
                .isEqualTo("bad request: clear_custom: true together with custom (expected: one of them)");
        assertThat(r.hasResult()).isFalse();
        assertThat(facts()).isEqualTo(before);
    }

    @Test
    void centrifugosGetUserStatusShowsARichUserWithItsFourFieldsOnly() {
        RICH.forEach(this::call);
        server.server().userStatus().markOnline(List.of("u")).toCompletableFuture().join();
        io.presenced.proto.api.GetUserStatusRequest request = io.presenced.proto.api.GetUserStatusRequest
                .newBuilder().addUsers("u").build();

        byte[] overGrpc = GrpcClients.callRaw(GrpcClients.withHeaders(server.grpcChannel(),
                GrpcClients.metadata("authorization", "apikey " + GRPC_KEY)),
                "centrifugal.centrifugo.api.CentrifugoApi/GetUserStatus", request.toByteArray());
        GetUserStatusResponse centrifugos = GetUserStatusResponse.newBuilder().setResult(GetUserStatusResult
                .newBuilder().addStatuses(UserStatus.newBuilder().setUser("u").setActive(T).setOnline(T)
                        .setState("x"))).build();
        // Byte for byte: no field past Centrifugo's four, not even one its stubs would skip as unknown.
        assertThat(overGrpc).isEqualTo(centrifugos.toByteArray());

        RPCResponse rpc = GrpcClients.api(server.grpcChannel(), GRPC_KEY).rPC(RPCRequest.newBuilder()
                .setMethod("getUserStatus").setParams(ByteString.copyFromUtf8("{\"users\":[\"u\"]}")).build());
        String centrifugosJson = "{\"statuses\":[{\"user\":\"u\",\"active\":" + T + ",\"online\":" + T
                + ",\"state\":\"x\"}]}";
        assertThat(rpc.getResult().getData().toStringUtf8()).isEqualTo(centrifugosJson);
        assertThat(http.call("get_user_status", "{\"users\":[\"u\"]}").body())
                .isEqualTo("{\"result\":" + centrifugosJson + "}");
    }

    // Runs c over one transport from the same facts as the others: reset, setup, the call, then the facts read back.
    private Outcome run(Transport transport, Case c, WsClient ws) {
        call(new Step("delete_user_status", users()));
        c.setup().forEach(this::call);
        JsonNode answer = switch (transport) {
            case HTTP -> overHttp(c);
            case GRPC -> overGrpc(c);
            case WEBSOCKET -> overWebSocket(c, ws);
        };
        return new Outcome(answer, facts());
    }

    private void assertExpected(Case c, Outcome overHttp) {
        if (c.refusal().isEmpty()) {
            assertThat(overHttp.answer().has("result")).as("answer %s", overHttp.answer()).isTrue();
            return;
        }
        assertThat(overHttp.answer().at("/error/code").asInt()).as("answer %s", overHttp.answer()).isEqualTo(107);
        assertThat(overHttp.answer().at("/error/message").asText()).startsWith("bad request: " + c.refusal());
        // A refused input changes nothing.
        call(new Step("delete_user_status", users()));
        c.setup().forEach(this::call);
        assertThat(overHttp.facts()).isEqualTo(facts());
    }

    private JsonNode overHttp(Case c) {
        ApiClient.Response r = http.call(c.method(), c.input());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private JsonNode overGrpc(Case c) {
        ObjectNode in = protobufShape((ObjectNode) parse(c.input()));
        Message response = switch (c.method()) {
            case "update_user_status" -> grpc.updateUserStatus(
                    ProtoJson.fromJson(in, UpdateUserStatusRequest.newBuilder()));
            case "set_user_status" -> grpc.setUserStatus(ProtoJson.fromJson(in, SetUserStatusRequest.newBuilder()));
            case "get_user_status" -> grpc.getUserStatus(ProtoJson.fromJson(in, GetUserStatusRequest.newBuilder()));
            default -> throw new IllegalArgumentException(c.method());
        };
        // Read back from text, so that numbers are the same JSON nodes as those parsed from HTTP bodies.
        ObjectNode answer = (ObjectNode) parse(ProtoJson.toJson(response).toString());
        if (answer.get("result") instanceof ObjectNode result) {
            normalise(result);
        }
        return answer;
    }

    private JsonNode overWebSocket(Case c, WsClient ws) {
        int id = nextId++;
        ws.send("{\"id\":" + id + ",\"rpc\":{\"method\":\"" + c.method() + "\",\"data\":" + c.input() + "}}");
        JsonNode reply = ws.nextAnswer();
        assertThat(reply.path("id").asInt()).isEqualTo(id);
        ObjectNode answer = JSON.createObjectNode();
        if (reply.has("error")) {
            answer.set("error", reply.get("error"));
        } else {
            JsonNode data = reply.at("/rpc/data");
            answer.set("result", data.isMissingNode() ? NullNode.getInstance() : data);
        }
        return answer;
    }

    // The protobuf request's own mapping of what JSON says with null: state "" clears the manual state, and
    // clear_custom / clear_activity stand for a null custom status or activity (proto3 has no null).
    private static ObjectNode protobufShape(ObjectNode in) {
        if (in.has("state") && in.get("state").isNull()) {
            in.put("state", "");
        }
        for (String part : List.of("custom", "activity")) {
            if (in.has(part) && in.get(part).isNull()) {
                in.remove(part);
                in.put("clear_" + part, true);
            }
        }
        return in;
    }

    /*
     * Makes a PresenceApi result comparable with the JSON one, changing only what protobuf cannot say as the JSON
     * does; everything else must match field for field (proto3 leaves out zero and empty fields, as the JSON writer
     * does, and ProtoJson writes 64-bit integers as numbers, as the JSON does):
     * - Zulip's format: the JSON puts each client's object beside "aggregated" in the user's object, keyed by
     *   device id; a protobuf message cannot mix a map's entries with a fixed field, so they travel in "clients"
     *   and are moved back;
     * - Zulip's "aggregated.client" is "" for a user heard only without a device: the JSON writes it, proto3 cannot
     *   tell "" from unset;
     * - Zulip's "presences" is {} when nobody was heard: the JSON writes it, proto3 leaves an empty map out.
     */
    private static void normalise(ObjectNode result) {
        if (!result.has("server_timestamp")) {
            return;
        }
        if (!result.has("presences")) {
            result.set("presences", JSON.createObjectNode());
        }
        for (JsonNode presence : result.get("presences")) {
            ObjectNode user = (ObjectNode) presence;
            ObjectNode aggregated = (ObjectNode) user.get("aggregated");
            if (aggregated != null && !aggregated.has("client")) {
                aggregated.put("client", "");
            }
            JsonNode clients = user.remove("clients");
            if (clients != null) {
                clients.fields().forEachRemaining(e -> user.set(e.getKey(), e.getValue()));
            }
        }
    }

    private WsClient connectedAs(String user) {
        WsClient ws = WsClient.open(server.webSocketUri());
        assertThat(ws.connect("token-" + user).at("/connect/client").asText()).isNotEmpty();
        // The connection marks its user online; that write lands before any transport's run resets the facts,
        // and the standing clock keeps the connection from marking it again.
        await().atMost(Duration.ofSeconds(10)).until(() -> http.callJson("get_user_status",
                "{\"users\":[\"" + user + "\"]}").at("/result/statuses/0/online").asLong() == T);
        return ws;
    }

    private JsonNode facts() {
        return http.callJson("get_user_status", "{\"users\":" + quoted(USERS) + ",\"detail\":true}").path("result");
    }

    private void call(Step s) {
        http.callJson(s.method(), s.body());
    }

    private static String users() {
        return "{\"users\":" + quoted(USERS) + "}";
    }

    private static String quoted(List<String> values) {
        StringBuilder b = new StringBuilder("[");
        for (String v : values) {
            b.append(b.length() > 1 ? "," : "").append('"').append(v).append('"');
        }
        return b.append(']').toString();
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
