package io.presenced.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.presenced.proto.api.BatchRequest;
import io.presenced.proto.api.CentrifugoApiGrpc.CentrifugoApiBlockingStub;
import io.presenced.proto.api.Command;
import io.presenced.proto.api.DeleteUserStatusRequest;
import io.presenced.proto.api.Error;
import io.presenced.proto.api.GetUserStatusRequest;
import io.presenced.proto.api.RPCRequest;
import io.presenced.proto.api.UpdateUserStatusRequest;
import io.presenced.proto.presence.PresenceApiGrpc.PresenceApiBlockingStub;
import io.presenced.testing.ApiClient;
import io.presenced.testing.GrpcClients;
import io.presenced.testing.TestServer;

/**
 * The same bad input gives the same error code and message over HTTP and over gRPC, for every method served: both
 * transports run one implementation, and this suite holds them to it.
 */
class GrpcHttpParityIT {

    private static TestServer server;
    private static ApiClient http;
    private static CentrifugoApiBlockingStub grpc;
    private static Stubs stubs;

    @BeforeAll
    static void start() {
        server = TestServer.start("{\"limits\":{\"max_users_per_call\":3,\"max_user_id_length\":8,"
                + "\"max_state_length\":4,\"max_batch_commands\":3},\"grpc_api\":{\"enabled\":true,\"key\":\"k\"}}");
        http = server.client();
        grpc = GrpcClients.api(server.grpcChannel(), "k");
        stubs = new Stubs(grpc, GrpcClients.presenceApi(server.grpcChannel(), "k"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** The gRPC clients a case may call: Centrifugo's service and presenced's PresenceApi. */
    record Stubs(CentrifugoApiBlockingStub api, PresenceApiBlockingStub presence) {
    }

    /**
     * One bad input in both encodings.
     *
     * @param name    shown in the test name
     * @param code    the error code both transports must answer
     * @param method  the HTTP method route, {@code /api/<method>}
     * @param body    the HTTP JSON body
     * @param pointer where the HTTP response holds the error
     * @param call    the same input over gRPC, returning the error it answers
     */
    record Case(String name, int code, String method, String body, String pointer, Function<Stubs, Error> call) {

        static Case of(String name, int code, String method, String body,
                       Function<CentrifugoApiBlockingStub, Error> call) {
            return new Case(name, code, method, body, "/error", g -> call.apply(g.api()));
        }

        static Case presenceApi(String name, int code, String method, String body,
                                Function<PresenceApiBlockingStub, Error> call) {
            return new Case(name, code, method, body, "/error", g -> call.apply(g.presence()));
        }

        static Case batch(String name, int code, String body, Function<CentrifugoApiBlockingStub, Error> call) {
            return new Case(name, code, "batch", body, "/replies/0/error", g -> call.apply(g.api()));
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                Case.of("get: empty users", 107, "get_user_status", "{\"users\":[]}",
                        s -> s.getUserStatus(get()).getError()),
                Case.of("update: empty users", 107, "update_user_status", "{\"users\":[]}",
                        s -> s.updateUserStatus(update("")).getError()),
                Case.of("delete: empty users", 107, "delete_user_status", "{}",
                        s -> s.deleteUserStatus(delete()).getError()),
                Case.of("get: too many users", 107, "get_user_status", "{\"users\":[\"1\",\"2\",\"3\",\"4\"]}",
                        s -> s.getUserStatus(get("1", "2", "3", "4")).getError()),
                Case.of("update: too many users", 107, "update_user_status", "{\"users\":[\"1\",\"2\",\"3\",\"4\"]}",
                        s -> s.updateUserStatus(update("", "1", "2", "3", "4")).getError()),
                Case.of("delete: too many users", 107, "delete_user_status", "{\"users\":[\"1\",\"2\",\"3\",\"4\"]}",
                        s -> s.deleteUserStatus(delete("1", "2", "3", "4")).getError()),
                Case.of("get: id too long", 107, "get_user_status", "{\"users\":[\"123456789\"]}",
                        s -> s.getUserStatus(get("123456789")).getError()),
                Case.of("update: id too long", 107, "update_user_status", "{\"users\":[\"ok\",\"123456789\"]}",
                        s -> s.updateUserStatus(update("", "ok", "123456789")).getError()),
                Case.of("delete: id too long", 107, "delete_user_status", "{\"users\":[\"123456789\"]}",
                        s -> s.deleteUserStatus(delete("123456789")).getError()),
                Case.of("get: empty id", 107, "get_user_status", "{\"users\":[\"a\",\"\"]}",
                        s -> s.getUserStatus(get("a", "")).getError()),
                Case.of("update: state too long", 107, "update_user_status",
                        "{\"users\":[\"a\"],\"state\":\"toolong\"}",
                        s -> s.updateUserStatus(update("toolong", "a")).getError()),
                Case.of("rpc: unknown method", 104, "rpc", "{\"method\":\"nope\",\"params\":{}}",
                        s -> s.rPC(rpc("nope", "{}")).getError()),
                Case.of("rpc: no method", 107, "rpc", "{\"params\":{\"users\":[\"a\"]}}",
                        s -> s.rPC(rpc("", "{\"users\":[\"a\"]}")).getError()),
                Case.of("rpc: params not an object", 107, "rpc", "{\"method\":\"getUserStatus\",\"params\":[1]}",
                        s -> s.rPC(rpc("getUserStatus", "[1]")).getError()),
                Case.of("rpc: no params", 107, "rpc", "{\"method\":\"deleteUserStatus\"}",
                        s -> s.rPC(RPCRequest.newBuilder().setMethod("deleteUserStatus").build()).getError()),
                Case.of("rpc: inner method rejects its params", 107, "rpc",
                        "{\"method\":\"updateActiveStatus\",\"params\":{\"users\":[\"a\"],\"state\":\"toolong\"}}",
                        s -> s.rPC(rpc("updateActiveStatus", "{\"users\":[\"a\"],\"state\":\"toolong\"}")).getError()),
                Case.batch("batch: command presenced does not have", 104, "{\"commands\":[{\"publish\":{}}]}",
                        s -> firstReplyError(s, unknownCommand(4))),
                Case.batch("batch: empty command", 107, "{\"commands\":[{}]}",
                        s -> firstReplyError(s, Command.getDefaultInstance())),
                Case.batch("batch: two methods in one command", 107,
                        "{\"commands\":[{\"get_user_status\":{\"users\":[\"a\"]},"
                                + "\"delete_user_status\":{\"users\":[\"a\"]}}]}",
                        s -> firstReplyError(s, Command.newBuilder().setGetUserStatus(get("a"))
                                .setDeleteUserStatus(delete("a")).build())),
                Case.batch("batch: command rejects its params", 107,
                        "{\"commands\":[{\"get_user_status\":{\"users\":[]}}]}",
                        s -> firstReplyError(s, Command.newBuilder().setGetUserStatus(get()).build())),
                Case.batch("batch: rpc command with unknown method", 104,
                        "{\"commands\":[{\"rpc\":{\"method\":\"nope\"}}]}",
                        s -> firstReplyError(s, Command.newBuilder().setRpc(rpc("nope", "")).build())),
                new Case("batch: more commands than the limit", 107, "batch",
                        "{\"commands\":[{\"info\":{}},{\"info\":{}},{\"info\":{}},{\"info\":{}}]}", "/error",
                        g -> overLongBatchError(g.api())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sameErrorCodeAndMessageOverHttpAndGrpc(Case c) {
        JsonNode overHttp = http.call(c.method(), c.body()).json().at(c.pointer());
        assertThat(overHttp.isObject()).as("HTTP error at %s", c.pointer()).isTrue();
        assertThat(overHttp.path("code").asInt()).as("HTTP code of %s", overHttp).isEqualTo(c.code());
        Error overGrpc = c.call().apply(stubs);
        assertThat(overGrpc.getCode()).isEqualTo(c.code());
        assertThat(overGrpc.getMessage()).isEqualTo(overHttp.path("message").asText());
    }

    @Test
    void rpcParamsThatAreNotJsonAreABadRequestNamingParams() {
        // JSON embeds params, so HTTP cannot carry malformed params; its nearest input is params of the wrong type.
        JsonNode overHttp = http.call("rpc", "{\"method\":\"getUserStatus\",\"params\":\"{oops\"}").json().at("/error");
        Error overGrpc = grpc.rPC(rpc("getUserStatus", "{oops")).getError();
        assertThat(overGrpc.getCode()).isEqualTo(overHttp.path("code").asInt()).isEqualTo(107);
        assertThat(overGrpc.getMessage()).startsWith("bad request: params: not valid JSON (");
        assertThat(overHttp.path("message").asText()).startsWith("bad request: params: ");
    }

    private static Error firstReplyError(CentrifugoApiBlockingStub s, Command command) {
        return s.batch(BatchRequest.newBuilder().addCommands(command).build()).getReplies(0).getError();
    }

    // A batch over the limit has no reply to hold the error, so gRPC fails the call and attaches the Error.
    private static Error overLongBatchError(CentrifugoApiBlockingStub s) {
        Command info = Command.newBuilder().setInfo(io.presenced.proto.api.InfoRequest.getDefaultInstance()).build();
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
                () -> s.batch(BatchRequest.newBuilder().addAllCommands(List.of(info, info, info, info)).build()));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        try {
            return StatusProto.fromThrowable(e).getDetails(0).unpack(Error.class);
        } catch (InvalidProtocolBufferException x) {
            throw new AssertionError(x);
        }
    }

    private static Command unknownCommand(int field) {
        return Command.newBuilder().setUnknownFields(UnknownFieldSet.newBuilder()
                .addField(field, UnknownFieldSet.Field.newBuilder().addLengthDelimited(ByteString.EMPTY).build())
                .build()).build();
    }

    private static GetUserStatusRequest get(String... users) {
        return GetUserStatusRequest.newBuilder().addAllUsers(List.of(users)).build();
    }

    private static UpdateUserStatusRequest update(String state, String... users) {
        return UpdateUserStatusRequest.newBuilder().addAllUsers(List.of(users)).setState(state).build();
    }

    private static DeleteUserStatusRequest delete(String... users) {
        return DeleteUserStatusRequest.newBuilder().addAllUsers(List.of(users)).build();
    }

    private static RPCRequest rpc(String method, String params) {
        return RPCRequest.newBuilder().setMethod(method).setParams(ByteString.copyFromUtf8(params)).build();
    }
}
