package io.presenced.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.presenced.api.NodeInfo;
import io.presenced.proto.api.BatchRequest;
import io.presenced.proto.api.BatchResponse;
import io.presenced.proto.api.CentrifugoApiGrpc.CentrifugoApiBlockingStub;
import io.presenced.proto.api.Command;
import io.presenced.proto.api.DeleteUserStatusRequest;
import io.presenced.proto.api.DeleteUserStatusResponse;
import io.presenced.proto.api.Error;
import io.presenced.proto.api.GetUserStatusRequest;
import io.presenced.proto.api.GetUserStatusResponse;
import io.presenced.proto.api.InfoRequest;
import io.presenced.proto.api.InfoResponse;
import io.presenced.proto.api.NodeResult;
import io.presenced.proto.api.RPCRequest;
import io.presenced.proto.api.RPCResponse;
import io.presenced.proto.api.Reply;
import io.presenced.proto.api.UpdateUserStatusRequest;
import io.presenced.proto.api.UpdateUserStatusResponse;
import io.presenced.proto.api.UserStatus;
import io.presenced.testing.ApiClient;
import io.presenced.testing.Engines;
import io.presenced.testing.Engines.Engine;
import io.presenced.testing.GrpcClients;
import io.presenced.testing.TestServer;

/**
 * Every method of the gRPC API through the generated stubs, on a real port, run unchanged against every engine.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("engines")
class GrpcApiIT {

    static final String KEY = "grpc-key";
    // Centrifugo's Command field for publish, which presenced's proto reserves: a command it does not serve.
    static final int PUBLISH = 4;

    @Parameter
    Engine engine;

    private TestServer server;
    private CentrifugoApiBlockingStub grpc;
    private ApiClient http;

    static Stream<Engine> engines() {
        return Engines.all();
    }

    @BeforeEach
    void start() {
        server = TestServer.start(engine.configWith("\"grpc_api\":{\"enabled\":true,\"key\":\"" + KEY + "\"}"));
        grpc = GrpcClients.api(server.grpcChannel(), KEY);
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

    static Error error(int code, String message) {
        return Error.newBuilder().setCode(code).setMessage(message).build();
    }
}
