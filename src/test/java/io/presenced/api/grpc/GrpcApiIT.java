package io.presenced.api.grpc;

import static io.presenced.testing.Engines.Set.ALL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.presenced.api.NodeInfo;
import io.presenced.proto.api.BatchRequest;
import io.presenced.proto.api.BatchResponse;
import io.presenced.proto.api.CentrifugoApiGrpc.CentrifugoApiBlockingStub;
import io.presenced.proto.api.ChannelsRequest;
import io.presenced.proto.api.ChannelsResponse;
import io.presenced.proto.api.ClientInfo;
import io.presenced.proto.api.Command;
import io.presenced.proto.api.DeleteUserStatusRequest;
import io.presenced.proto.api.DeleteUserStatusResponse;
import io.presenced.proto.api.Error;
import io.presenced.proto.api.GetUserStatusRequest;
import io.presenced.proto.api.GetUserStatusResponse;
import io.presenced.proto.api.InfoRequest;
import io.presenced.proto.api.InfoResponse;
import io.presenced.proto.api.NodeResult;
import io.presenced.proto.api.PresenceDisconnectRequest;
import io.presenced.proto.api.PresenceDisconnectResponse;
import io.presenced.proto.api.PresenceJoinEntry;
import io.presenced.proto.api.PresenceJoinRequest;
import io.presenced.proto.api.PresenceJoinResponse;
import io.presenced.proto.api.PresenceLeaveEntry;
import io.presenced.proto.api.PresenceLeaveRequest;
import io.presenced.proto.api.PresenceLeaveResponse;
import io.presenced.proto.api.PresenceRefreshRequest;
import io.presenced.proto.api.PresenceRefreshResponse;
import io.presenced.proto.api.PresenceRequest;
import io.presenced.proto.api.PresenceResponse;
import io.presenced.proto.api.PresenceStatsRequest;
import io.presenced.proto.api.PresenceStatsResponse;
import io.presenced.proto.api.PresenceStatsResult;
import io.presenced.proto.api.RPCRequest;
import io.presenced.proto.api.RPCResponse;
import io.presenced.proto.api.Reply;
import io.presenced.proto.api.UpdateUserStatusRequest;
import io.presenced.proto.api.UpdateUserStatusResponse;
import io.presenced.proto.api.UserStatus;
import io.presenced.proto.presence.PresenceApiGrpc.PresenceApiBlockingStub;
import io.presenced.testing.ApiClient;
import io.presenced.testing.EachEngine;
import io.presenced.testing.Engines.Engine;
import io.presenced.testing.GrpcClients;
import io.presenced.testing.MutableClock;
import io.presenced.testing.TestServer;

/**
 * Every method of the gRPC API through the generated stubs, on a real port, run unchanged against every engine.
 */
@EachEngine(ALL)
class GrpcApiIT {

    static final String KEY = "grpc-key";
    // Centrifugo's Command field for publish, which presenced's proto reserves: a command it does not serve.
    static final int PUBLISH = 4;
    static final String CHANNELS = "\"channel\":{\"without_namespace\":{\"presence\":true},\"namespaces\":["
            + "{\"name\":\"chat\",\"presence\":true},{\"name\":\"quiet\",\"presence\":false}]}";
    // Presence entries live 10s on the test clock unless refreshed (the update interval must be shorter).
    static final Map<String, String> TTL_10S = Map.of("PRESENCED_ENGINE_MEMORY_PRESENCE_TTL", "10s",
            "PRESENCED_ENGINE_REDIS_PRESENCE_TTL", "10s", "PRESENCED_CLIENT_PRESENCE_UPDATE_INTERVAL", "5s");

    @Parameter
    Engine engine;

    private final MutableClock clock = new MutableClock();
    private TestServer server;
    private CentrifugoApiBlockingStub grpc;
    private PresenceApiBlockingStub presenceApi;
    private ApiClient http;

    @BeforeEach
    void start() {
        server = TestServer.start(engine.configWith(CHANNELS + ",\"grpc_api\":{\"enabled\":true,\"key\":\"" + KEY
                + "\"}"), clock, TTL_10S);
        grpc = GrpcClients.api(server.grpcChannel(), KEY);
        presenceApi = GrpcClients.presenceApi(server.grpcChannel(), KEY);
        http = server.client();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static GetUserStatusRequest get(String... users) {
        return GetUserStatusRequest.newBuilder().addAllUsers(List.of(users)).build();
    }

    private static UpdateUserStatusRequest update(String state, String... users) {
        return UpdateUserStatusRequest.newBuilder().addAllUsers(List.of(users)).setState(state).build();
    }

    private static RPCRequest rpc(String method, String params) {
        return RPCRequest.newBuilder().setMethod(method).setParams(ByteString.copyFromUtf8(params)).build();
    }

    private static PresenceJoinRequest.Builder join(String channel, String client, String user) {
        return PresenceJoinRequest.newBuilder().setChannel(channel).setClient(client).setUser(user);
    }

    private static PresenceJoinEntry.Builder entry(String channel, String client, String user) {
        return PresenceJoinEntry.newBuilder().setChannel(channel).setClient(client).setUser(user);
    }

    private static ByteString json(String json) {
        return ByteString.copyFromUtf8(json);
    }

    private void joined(PresenceJoinRequest.Builder request) {
        PresenceJoinResponse r = presenceApi.presenceJoin(request.build());
        assertThat(r.hasError()).as("%s", r.getError()).isFalse();
        assertThat(r.hasResult()).isTrue();
    }

    private Map<String, ClientInfo> presence(String channel) {
        PresenceResponse r = grpc.presence(PresenceRequest.newBuilder().setChannel(channel).build());
        assertThat(r.hasError()).as("%s", r.getError()).isFalse();
        return r.getResult().getPresenceMap();
    }

    private PresenceStatsResult stats(String channel) {
        PresenceStatsResponse r = grpc.presenceStats(PresenceStatsRequest.newBuilder().setChannel(channel).build());
        assertThat(r.hasError()).as("%s", r.getError()).isFalse();
        return r.getResult();
    }

    private Map<String, Integer> channels(String pattern) {
        ChannelsResponse r = grpc.channels(ChannelsRequest.newBuilder().setPattern(pattern).build());
        assertThat(r.hasError()).as("%s", r.getError()).isFalse();
        Map<String, Integer> counts = new TreeMap<>();
        r.getResult().getChannelsMap().forEach((ch, info) -> counts.put(ch, info.getNumClients()));
        return counts;
    }

    private static ClientInfo client(String client, String user) {
        return ClientInfo.newBuilder().setClient(client).setUser(user).build();
    }

    private static PresenceStatsResult counts(int clients, int users) {
        return PresenceStatsResult.newBuilder().setNumClients(clients).setNumUsers(users).build();
    }

    @Test
    void updateThenGetAnswersInRequestOrderWithUnknownUsersLeftBlank() {
        UpdateUserStatusResponse updated = grpc.updateUserStatus(update("away", "b", "c"));
        assertThat(updated.hasError()).isFalse();
        assertThat(updated.hasResult()).isTrue();

        GetUserStatusResponse r = grpc.getUserStatus(get("a", "b", "c", "a"));
        assertThat(r.hasError()).isFalse();
        List<UserStatus> s = r.getResult().getStatusesList();
        assertThat(s).extracting(UserStatus::getUser).containsExactly("a", "b", "c", "a");
        assertThat(s.get(0)).isEqualTo(UserStatus.newBuilder().setUser("a").build());
        assertThat(s.get(1).getActive()).isPositive();
        assertThat(s.get(1).getState()).isEqualTo("away");
        assertThat(s.get(1).getOnline()).isZero();
        assertThat(s.get(2).getActive()).isEqualTo(s.get(1).getActive());
        assertThat(s.get(3)).isEqualTo(s.get(0));
    }

    @Test
    void statusWrittenOverGrpcReadsTheSameOverHttp() {
        grpc.updateUserStatus(update("busy", "h"));
        long active = grpc.getUserStatus(get("h")).getResult().getStatuses(0).getActive();
        JsonNode overHttp = http.callJson("get_user_status", "{\"users\":[\"h\"]}").at("/result/statuses/0");
        assertThat(overHttp.path("active").asLong()).isEqualTo(active);
        assertThat(overHttp.path("state").asText()).isEqualTo("busy");
    }

    @Test
    void onlineSetByTheServerIsReported() {
        server.server().userStatus().markOnline(List.of("o")).toCompletableFuture().join();
        UserStatus s = grpc.getUserStatus(get("o")).getResult().getStatuses(0);
        assertThat(s.getOnline()).isPositive();
        assertThat(s.getActive()).isZero();
    }

    @Test
    void deleteRemovesTheRecords() {
        grpc.updateUserStatus(update("", "d", "e"));
        DeleteUserStatusResponse deleted = grpc.deleteUserStatus(
                DeleteUserStatusRequest.newBuilder().addUsers("d").build());
        assertThat(deleted.hasError()).isFalse();
        assertThat(deleted.hasResult()).isTrue();
        List<UserStatus> s = grpc.getUserStatus(get("d", "e")).getResult().getStatusesList();
        assertThat(s.get(0)).isEqualTo(UserStatus.newBuilder().setUser("d").build());
        assertThat(s.get(1).getActive()).isPositive();
    }

    @Test
    void rpcAnswersWithTheJsonTheHttpApiPutsUnderData() {
        RPCResponse updated = grpc.rPC(rpc("updateActiveStatus", "{\"users\":[\"7\"],\"state\":\"x\"}"));
        assertThat(updated.hasError()).isFalse();
        assertThat(updated.getResult().getData().toStringUtf8()).isEqualTo("{}");

        RPCResponse got = grpc.rPC(rpc("getUserStatus", "{\"users\":[\"7\"]}"));
        assertThat(got.hasError()).isFalse();
        JsonNode overHttp = http.callJson("rpc", "{\"method\":\"getUserStatus\",\"params\":{\"users\":[\"7\"]}}");
        assertThat(got.getResult().getData().toString(StandardCharsets.UTF_8))
                .isEqualTo(overHttp.at("/result/data").toString())
                .startsWith("{\"statuses\":[{\"user\":\"7\",\"active\":");

        grpc.rPC(rpc("deleteUserStatus", "{\"users\":[\"7\"]}"));
        assertThat(grpc.rPC(rpc("getUserStatus", "{\"users\":[\"7\"]}")).getResult().getData().toStringUtf8())
                .isEqualTo("{\"statuses\":[{\"user\":\"7\"}]}");
    }

    @Test
    void rpcWithoutParamsReachesTheMethodsOwnValidation() {
        RPCResponse r = grpc.rPC(RPCRequest.newBuilder().setMethod("getUserStatus").build());
        assertThat(r.getError()).isEqualTo(error(107, "bad request: users: must not be empty"));
        assertThat(r.hasResult()).isFalse();
    }

    @Test
    void sequentialBatchRunsCommandsInOrderAndAnswersInTheSameFields() {
        BatchResponse r = grpc.batch(BatchRequest.newBuilder()
                .addCommands(Command.newBuilder().setUpdateUserStatus(update("", "u")))
                .addCommands(Command.newBuilder().setGetUserStatus(get("u")))
                .addCommands(Command.newBuilder().setDeleteUserStatus(
                        DeleteUserStatusRequest.newBuilder().addUsers("u")))
                .addCommands(Command.newBuilder().setGetUserStatus(get("u")))
                .build());
        List<Reply> replies = r.getRepliesList();
        assertThat(replies).hasSize(4);
        assertThat(replies.get(0).hasUpdateUserStatus()).isTrue();
        assertThat(replies.get(1).getGetUserStatus().getStatuses(0).getActive()).isPositive();
        assertThat(replies.get(2).hasDeleteUserStatus()).isTrue();
        assertThat(replies.get(3).getGetUserStatus().getStatuses(0))
                .isEqualTo(UserStatus.newBuilder().setUser("u").build());
        assertThat(replies).noneMatch(Reply::hasError);
    }

    @Test
    void parallelBatchAnswersEveryCommandInCommandOrder() {
        grpc.updateUserStatus(update("", "p3"));
        BatchRequest.Builder b = BatchRequest.newBuilder().setParallel(true);
        for (int i = 0; i < 6; i++) {
            b.addCommands(Command.newBuilder().setGetUserStatus(get("p" + i)));
        }
        List<Reply> replies = grpc.batch(b.build()).getRepliesList();
        assertThat(replies).extracting(rep -> rep.getGetUserStatus().getStatuses(0).getUser())
                .containsExactly("p0", "p1", "p2", "p3", "p4", "p5");
        assertThat(replies.get(3).getGetUserStatus().getStatuses(0).getActive()).isPositive();
    }

    @Test
    void batchCarriesInfoRpcAndPerCommandErrors() {
        BatchResponse r = grpc.batch(BatchRequest.newBuilder()
                .addCommands(Command.newBuilder().setInfo(InfoRequest.getDefaultInstance()))
                .addCommands(Command.newBuilder().setRpc(rpc("getUserStatus", "{\"users\":[\"r\"]}")))
                .addCommands(Command.newBuilder().setGetUserStatus(get()))
                .addCommands(Command.getDefaultInstance())
                .addCommands(unknownCommand(PUBLISH))
                .build());
        List<Reply> replies = r.getRepliesList();
        assertThat(replies.get(0).getInfo().getNodes(0).getUid()).isEqualTo(server.server().nodeInfo().uid());
        assertThat(replies.get(1).getRpc().getData().toStringUtf8()).isEqualTo("{\"statuses\":[{\"user\":\"r\"}]}");
        assertThat(replies.get(2).getError()).isEqualTo(error(107, "bad request: users: must not be empty"));
        assertThat(replies.get(3).getError()).isEqualTo(error(107,
                "bad request: commands[3]: empty command (expected one method name as its key)"));
        assertThat(replies.get(4).getError()).isEqualTo(error(104, "not found: unknown method \"publish\""));
        assertThat(replies.get(4).getAllFields()).containsOnlyKeys(Reply.getDescriptor().findFieldByName("error"));
    }

    @Test
    void infoDescribesThisNodeAsHttpDoes() {
        InfoResponse r = grpc.info(InfoRequest.getDefaultInstance());
        assertThat(r.hasError()).isFalse();
        assertThat(r.getResult().getNodesList()).hasSize(1);
        NodeResult node = r.getResult().getNodes(0);
        assertThat(node.getUid()).isEqualTo(server.server().nodeInfo().uid()).hasSize(36);
        assertThat(node.getName()).isEqualTo(server.server().nodeInfo().name()).isNotEmpty();
        // The jar's manifest version when the suite runs against the packaged jar, "dev" from plain classes.
        String version = NodeInfo.class.getPackage().getImplementationVersion();
        assertThat(node.getVersion()).isEqualTo(version == null ? NodeInfo.DEV_VERSION : version);
        assertThat(node.getNumClients()).isZero();
        assertThat(node.getNumUsers()).isZero();
        assertThat(node.getNumChannels()).isZero();

        JsonNode overHttp = http.callJson("info", "{}").at("/result/nodes/0");
        assertThat(overHttp.path("uid").asText()).isEqualTo(node.getUid());
        assertThat(overHttp.path("name").asText()).isEqualTo(node.getName());
        assertThat(overHttp.path("version").asText()).isEqualTo(node.getVersion());
    }

    @Test
    void errorsTravelInTheErrorFieldWithStatusOk() {
        GetUserStatusResponse r = grpc.getUserStatus(get());
        assertThat(r.getError()).isEqualTo(error(107, "bad request: users: must not be empty"));
        assertThat(r.hasResult()).isFalse();
    }

    @Test
    void centrifugoMethodsPresencedDoesNotDeclareAreUnimplemented() {
        Channel withKey = GrpcClients.withHeaders(server.grpcChannel(), GrpcClients.metadata("authorization",
                "apikey " + KEY));
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () -> GrpcClients.callRaw(
                withKey, "centrifugal.centrifugo.api.CentrifugoApi/Publish", new byte[0]));
        assertThat(e).as("Publish should fail").isNotNull();
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
    }

    // A Command whose only field is one the proto does not declare, as a Centrifugo client would encode it.
    static Command unknownCommand(int field) {
        return Command.newBuilder().setUnknownFields(UnknownFieldSet.newBuilder()
                .addField(field, UnknownFieldSet.Field.newBuilder().addLengthDelimited(ByteString.EMPTY).build())
                .build()).build();
    }

    @Test
    void joinedClientShowsInPresenceWithItsRawJsonInfos() {
        joined(join("chat:1", "c1", "42").setConnInfo(json("{\"name\":\"Ann\"}"))
                .setChanInfo(json("{\"role\":\"mod\"}")));
        joined(join("chat:1", "c2", "43"));

        Map<String, ClientInfo> p = presence("chat:1");
        assertThat(p).containsOnlyKeys("c1", "c2");
        ClientInfo c1 = p.get("c1");
        assertThat(c1.getUser()).isEqualTo("42");
        assertThat(c1.getClient()).isEqualTo("c1");
        assertThat(c1.getConnInfo().toStringUtf8()).isEqualTo("{\"name\":\"Ann\"}");
        assertThat(c1.getChanInfo().toStringUtf8()).isEqualTo("{\"role\":\"mod\"}");
        assertThat(p.get("c2")).isEqualTo(client("c2", "43"));
    }

    @Test
    void joinTakesEntriesAlongsideTheTopLevelFields() {
        joined(join("chat:a", "c1", "1").addEntries(entry("chat:b", "c1", "1").setConnInfo(json("[1,2]")))
                .addEntries(entry("chat:a", "c2", "2").setChanInfo(json("\"x\""))));
        joined(PresenceJoinRequest.newBuilder().addEntries(entry("chat:c", "c3", "3")));

        assertThat(presence("chat:a")).containsOnlyKeys("c1", "c2");
        assertThat(presence("chat:a").get("c2").getChanInfo().toStringUtf8()).isEqualTo("\"x\"");
        assertThat(presence("chat:b").get("c1").getConnInfo().toStringUtf8()).isEqualTo("[1,2]");
        assertThat(presence("chat:c")).containsExactly(Map.entry("c3", client("c3", "3")));
    }

    @Test
    void presenceOfAnEmptyChannelIsAnEmptyMap() {
        PresenceResponse r = grpc.presence(PresenceRequest.newBuilder().setChannel("chat:empty").build());
        assertThat(r.hasError()).isFalse();
        assertThat(r.hasResult()).isTrue();
        assertThat(r.getResult().getPresenceMap()).isEmpty();
        assertThat(stats("chat:empty")).isEqualTo(counts(0, 0));
    }

    @Test
    void presenceJoinedOverGrpcReadsTheSameOverHttpAndBack() {
        joined(join("chat:h", "g", "42").setConnInfo(json("{\"a\":1}")).setChanInfo(json("{\"b\":[true]}")));
        http.callJson("presence_join", "{\"channel\":\"chat:h\",\"client\":\"h\",\"user\":\"43\","
                + "\"conn_info\":{\"c\":\"d\"}}");

        assertThat(http.callJson("presence", "{\"channel\":\"chat:h\"}").at("/result/presence/g").toString())
                .isEqualTo("{\"user\":\"42\",\"client\":\"g\",\"conn_info\":{\"a\":1},\"chan_info\":{\"b\":[true]}}");
        ClientInfo h = presence("chat:h").get("h");
        assertThat(h.getUser()).isEqualTo("43");
        assertThat(h.getConnInfo().toStringUtf8()).isEqualTo("{\"c\":\"d\"}");
        assertThat(h.getChanInfo()).isEmpty();
    }

    @Test
    void infosOfJsonNullAreNoInfosAsOverHttp() {
        joined(join("chat:n", "g", "42").setConnInfo(json("null")).setChanInfo(json("null")));
        http.callJson("presence_join", "{\"channel\":\"chat:n\",\"client\":\"h\",\"user\":\"42\","
                + "\"conn_info\":null,\"chan_info\":null}");

        JsonNode overHttp = http.callJson("presence", "{\"channel\":\"chat:n\"}").at("/result/presence");
        assertThat(overHttp.path("h").toString()).isEqualTo("{\"user\":\"42\",\"client\":\"h\"}");
        assertThat(overHttp.path("g").toString()).isEqualTo("{\"user\":\"42\",\"client\":\"g\"}");
        assertThat(presence("chat:n").get("g")).isEqualTo(client("g", "42"));
    }

    @Test
    void presenceStatsCountAMultiClientUserOnce() {
        joined(join("chat:s", "tab1", "42"));
        joined(join("chat:s", "tab2", "42"));
        joined(join("chat:s", "tab3", "43"));
        assertThat(stats("chat:s")).isEqualTo(counts(3, 2));

        PresenceLeaveResponse left = presenceApi.presenceLeave(PresenceLeaveRequest.newBuilder()
                .setChannel("chat:s").setClient("tab1").build());
        assertThat(left.hasError()).isFalse();
        assertThat(stats("chat:s")).isEqualTo(counts(2, 2));
        presenceApi.presenceLeave(PresenceLeaveRequest.newBuilder().setChannel("chat:s").setClient("tab2").build());
        assertThat(stats("chat:s")).isEqualTo(counts(1, 1));
    }

    @Test
    void channelsListsOccupiedChannelsWithAndWithoutAPattern() {
        joined(join("chat:a", "c1", "1").addEntries(entry("chat:a", "c2", "2"))
                .addEntries(entry("chat:b", "c3", "3")).addEntries(entry("plain", "c4", "4")));
        assertThat(channels("")).isEqualTo(Map.of("chat:a", 2, "chat:b", 1, "plain", 1));
        assertThat(channels("chat:*")).isEqualTo(Map.of("chat:a", 2, "chat:b", 1));
        assertThat(channels("pl?in")).isEqualTo(Map.of("plain", 1));
        assertThat(channels("nothing*")).isEmpty();
    }

    @Test
    void leaveRemovesTheClientFromThatChannelOnly() {
        joined(join("chat:1", "c1", "42").addEntries(entry("chat:2", "c1", "42"))
                .addEntries(entry("chat:3", "c1", "42")).addEntries(entry("chat:1", "c2", "43")));

        PresenceLeaveResponse r = presenceApi.presenceLeave(PresenceLeaveRequest.newBuilder()
                .setChannel("chat:1").setClient("c1").build());
        assertThat(r.hasError()).as("%s", r.getError()).isFalse();
        assertThat(r.hasResult()).isTrue();
        assertThat(presence("chat:1")).containsOnlyKeys("c2");
        assertThat(presence("chat:2")).containsOnlyKeys("c1");

        presenceApi.presenceLeave(PresenceLeaveRequest.newBuilder()
                .addEntries(PresenceLeaveEntry.newBuilder().setChannel("chat:2").setClient("c1"))
                .addEntries(PresenceLeaveEntry.newBuilder().setChannel("chat:1").setClient("c2")).build());
        assertThat(channels("")).isEqualTo(Map.of("chat:3", 1));
    }

    @Test
    void refreshKeepsTheClientsEntriesPastTheTtlAndTheOthersExpire() {
        joined(join("chat:e", "c1", "42").addEntries(entry("chat:e", "c2", "43"))
                .addEntries(entry("chat:f", "c2", "43")).addEntries(entry("chat:e", "c3", "44")));
        clock.advance(Duration.ofSeconds(6));
        PresenceRefreshResponse one = presenceApi.presenceRefresh(PresenceRefreshRequest.newBuilder()
                .setClient("c2").build());
        assertThat(one.hasError()).as("%s", one.getError()).isFalse();
        assertThat(one.hasResult()).isTrue();
        PresenceRefreshResponse many = presenceApi.presenceRefresh(PresenceRefreshRequest.newBuilder()
                .addClients("c3").build());
        assertThat(many.hasError()).as("%s", many.getError()).isFalse();
        clock.advance(Duration.ofSeconds(5));

        // c1's deadline (10s after the join) has passed; c2 and c3 were refreshed at 6s and live until 16s.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(presence("chat:e")).containsOnlyKeys("c2", "c3"));
        assertThat(presence("chat:f")).containsOnlyKeys("c2");
    }

    @Test
    void disconnectRemovesTheClientsFromEveryChannel() {
        joined(join("chat:5", "c1", "42").addEntries(entry("chat:6", "c1", "42"))
                .addEntries(entry("plain", "c1", "42")).addEntries(entry("chat:5", "c2", "43"))
                .addEntries(entry("chat:7", "c3", "44")).addEntries(entry("chat:7", "c4", "45")));

        PresenceDisconnectResponse r = presenceApi.presenceDisconnect(PresenceDisconnectRequest.newBuilder()
                .setClient("c1").build());
        assertThat(r.hasError()).as("%s", r.getError()).isFalse();
        assertThat(r.hasResult()).isTrue();
        assertThat(channels("")).isEqualTo(Map.of("chat:5", 1, "chat:7", 2));
        assertThat(presence("chat:5")).containsOnlyKeys("c2");

        presenceApi.presenceDisconnect(PresenceDisconnectRequest.newBuilder().addClients("c3").addClients("c4")
                .build());
        assertThat(channels("")).isEqualTo(Map.of("chat:5", 1));
    }

    @Test
    void batchCarriesThePresenceReadsAndWritesInTheirOwnFields() {
        BatchResponse r = grpc.batch(BatchRequest.newBuilder()
                .addCommands(Command.newBuilder().setPresenceJoin(join("chat:b", "c1", "42")
                        .setConnInfo(json("{\"n\":1}")).addEntries(entry("chat:b", "c2", "42"))
                        .addEntries(entry("chat:c", "c3", "43"))))
                .addCommands(Command.newBuilder().setPresence(PresenceRequest.newBuilder().setChannel("chat:b")))
                .addCommands(Command.newBuilder().setPresenceStats(
                        PresenceStatsRequest.newBuilder().setChannel("chat:b")))
                .addCommands(Command.newBuilder().setChannels(ChannelsRequest.newBuilder().setPattern("chat:*")))
                .addCommands(Command.newBuilder().setPresenceLeave(
                        PresenceLeaveRequest.newBuilder().setChannel("chat:b").setClient("c1")))
                .addCommands(Command.newBuilder().setPresenceRefresh(
                        PresenceRefreshRequest.newBuilder().setClient("c2")))
                .addCommands(Command.newBuilder().setPresenceDisconnect(
                        PresenceDisconnectRequest.newBuilder().setClient("c3")))
                .addCommands(Command.newBuilder().setChannels(ChannelsRequest.getDefaultInstance()))
                .build());
        List<Reply> replies = r.getRepliesList();
        assertThat(replies).hasSize(8).noneMatch(Reply::hasError);
        assertThat(replies).extracting(rep -> rep.getAllFields().keySet().iterator().next().getNumber())
                .containsExactly(1001, 9, 10, 16, 1002, 1003, 1004, 16);
        Map<String, ClientInfo> p = replies.get(1).getPresence().getPresenceMap();
        assertThat(p).containsOnlyKeys("c1", "c2");
        assertThat(p.get("c1").getConnInfo().toStringUtf8()).isEqualTo("{\"n\":1}");
        assertThat(replies.get(2).getPresenceStats()).isEqualTo(counts(2, 1));
        assertThat(replies.get(3).getChannels().getChannelsMap()).containsOnlyKeys("chat:b", "chat:c");
        assertThat(replies.get(3).getChannels().getChannelsMap().get("chat:b").getNumClients()).isEqualTo(2);
        assertThat(replies.get(7).getChannels().getChannelsMap()).containsOnlyKeys("chat:b");
        assertThat(replies.get(7).getChannels().getChannelsMap().get("chat:b").getNumClients()).isEqualTo(1);
    }

    @Test
    void batchAnswersPresenceErrorsPerCommand() {
        BatchResponse r = grpc.batch(BatchRequest.newBuilder()
                .addCommands(Command.newBuilder().setPresence(PresenceRequest.newBuilder().setChannel("quiet:1")))
                .addCommands(Command.newBuilder().setPresenceJoin(PresenceJoinRequest.newBuilder()
                        .setChannel("chat:1")))
                .addCommands(Command.newBuilder().setPresenceJoin(join("chat:1", "ok", "1")))
                .addCommands(Command.newBuilder().setPresenceStats(
                        PresenceStatsRequest.newBuilder().setChannel("nope:1")))
                .build());
        List<Reply> replies = r.getRepliesList();
        assertThat(replies.get(0).getError()).isEqualTo(error(108,
                "not available: channel: presence is not enabled for namespace \"quiet\""));
        assertThat(replies.get(1).getError()).isEqualTo(error(107, "bad request: client: must not be empty"));
        assertThat(replies.get(2).hasPresenceJoin()).isTrue();
        assertThat(replies.get(3).getError()).isEqualTo(error(102,
                "unknown channel: channel: namespace \"nope\" is not configured"));
        assertThat(presence("chat:1")).containsOnlyKeys("ok");
    }

    static Error error(int code, String message) {
        return Error.newBuilder().setCode(code).setMessage(message).build();
    }
}
