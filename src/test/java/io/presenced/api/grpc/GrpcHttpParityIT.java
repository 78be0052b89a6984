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
import io.presenced.proto.api.ChannelsRequest;
import io.presenced.proto.api.Command;
import io.presenced.proto.api.DeleteUserStatusRequest;
import io.presenced.proto.api.Error;
import io.presenced.proto.api.GetUserStatusRequest;
import io.presenced.proto.api.PresenceDisconnectRequest;
import io.presenced.proto.api.PresenceJoinEntry;
import io.presenced.proto.api.PresenceJoinRequest;
import io.presenced.proto.api.PresenceLeaveEntry;
import io.presenced.proto.api.PresenceLeaveRequest;
import io.presenced.proto.api.PresenceRefreshRequest;
import io.presenced.proto.api.PresenceRequest;
import io.presenced.proto.api.PresenceStatsRequest;
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

    // 40 bytes of compact JSON, over the 32-byte max_info_size; compact so both transports measure the same bytes.
    private static final String BIG_INFO = "{\"k\":\"" + "v".repeat(32) + "\"}";

    private static TestServer server;
    private static ApiClient http;
    private static CentrifugoApiBlockingStub grpc;
    private static Stubs stubs;

    @BeforeAll
    static void start() {
        server = TestServer.start("{\"limits\":{\"max_users_per_call\":3,\"max_user_id_length\":8,"
                + "\"max_state_length\":4,\"max_batch_commands\":3,\"max_entries_per_call\":3,"
                + "\"max_client_id_length\":10,\"max_info_size\":32},"
                + "\"channel\":{\"max_length\":20,\"namespaces\":[{\"name\":\"chat\",\"presence\":true},"
                + "{\"name\":\"quiet\",\"presence\":false}]},"
                + "\"grpc_api\":{\"enabled\":true,\"key\":\"k\"}}");
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
                Case.of("presence: empty channel", 107, "presence", "{}",
                        s -> s.presence(presence("")).getError()),
                Case.of("presence_stats: empty channel", 107, "presence_stats", "{\"channel\":\"\"}",
                        s -> s.presenceStats(stats("")).getError()),
                Case.of("presence: unknown namespace", 102, "presence", "{\"channel\":\"nope:1\"}",
                        s -> s.presence(presence("nope:1")).getError()),
                Case.of("presence_stats: unknown namespace", 102, "presence_stats", "{\"channel\":\"nope:1\"}",
                        s -> s.presenceStats(stats("nope:1")).getError()),
                Case.of("presence: namespace without presence", 108, "presence", "{\"channel\":\"quiet:1\"}",
                        s -> s.presence(presence("quiet:1")).getError()),
                Case.of("presence_stats: no namespace, presence off", 108, "presence_stats",
                        "{\"channel\":\"plain\"}", s -> s.presenceStats(stats("plain")).getError()),
                Case.of("presence: channel too long", 107, "presence", "{\"channel\":\"chat:0123456789abcdef\"}",
                        s -> s.presence(presence("chat:0123456789abcdef")).getError()),
                Case.of("presence: channel not printable ASCII", 107, "presence", "{\"channel\":\"chat:\\u00e9\"}",
                        s -> s.presence(presence("chat:\u00e9")).getError()),
                Case.of("channels: malformed pattern", 107, "channels", "{\"pattern\":\"chat:[ab\"}",
                        s -> s.channels(ChannelsRequest.newBuilder().setPattern("chat:[ab").build()).getError()),
                Case.presenceApi("join: empty request", 107, "presence_join", "{}",
                        s -> s.presenceJoin(PresenceJoinRequest.getDefaultInstance()).getError()),
                Case.presenceApi("join: empty channel", 107, "presence_join", "{\"client\":\"c\"}",
                        s -> s.presenceJoin(join("", "c", "").build()).getError()),
                Case.presenceApi("join: unknown namespace", 102, "presence_join",
                        "{\"channel\":\"nope:1\",\"client\":\"c\"}",
                        s -> s.presenceJoin(join("nope:1", "c", "").build()).getError()),
                Case.presenceApi("join: namespace without presence", 108, "presence_join",
                        "{\"channel\":\"quiet:1\",\"client\":\"c\"}",
                        s -> s.presenceJoin(join("quiet:1", "c", "").build()).getError()),
                Case.presenceApi("join: missing client", 107, "presence_join",
                        "{\"channel\":\"chat:1\",\"user\":\"u\"}",
                        s -> s.presenceJoin(join("chat:1", "", "u").build()).getError()),
                Case.presenceApi("join: missing client in an entry", 107, "presence_join",
                        "{\"entries\":[{\"channel\":\"chat:1\",\"client\":\"a\"},{\"channel\":\"chat:1\"}]}",
                        s -> s.presenceJoin(PresenceJoinRequest.newBuilder().addEntries(entry("chat:1", "a"))
                                .addEntries(entry("chat:1", "")).build()).getError()),
                Case.presenceApi("join: too many entries", 107, "presence_join",
                        "{\"channel\":\"chat:1\",\"client\":\"a\",\"entries\":[{\"channel\":\"chat:1\","
                                + "\"client\":\"b\"},{\"channel\":\"chat:1\",\"client\":\"c\"},"
                                + "{\"channel\":\"chat:1\",\"client\":\"d\"}]}",
                        s -> s.presenceJoin(join("chat:1", "a", "").addEntries(entry("chat:1", "b"))
                                .addEntries(entry("chat:1", "c")).addEntries(entry("chat:1", "d")).build())
                                .getError()),
                Case.presenceApi("join: client id too long", 107, "presence_join",
                        "{\"entries\":[{\"channel\":\"chat:1\",\"client\":\"12345678901\"}]}",
                        s -> s.presenceJoin(PresenceJoinRequest.newBuilder().addEntries(entry("chat:1",
                                "12345678901")).build()).getError()),
                Case.presenceApi("join: client id with a control character", 107, "presence_join",
                        "{\"channel\":\"chat:1\",\"client\":\"a\\u0001\"}",
                        s -> s.presenceJoin(join("chat:1", "a\u0001", "").build()).getError()),
                Case.presenceApi("join: user id too long", 107, "presence_join",
                        "{\"channel\":\"chat:1\",\"client\":\"a\",\"user\":\"123456789\"}",
                        s -> s.presenceJoin(join("chat:1", "a", "123456789").build()).getError()),
                Case.presenceApi("join: conn_info over the size limit", 107, "presence_join",
                        "{\"channel\":\"chat:1\",\"client\":\"a\",\"conn_info\":" + BIG_INFO + "}",
                        s -> s.presenceJoin(join("chat:1", "a", "").setConnInfo(ByteString.copyFromUtf8(BIG_INFO))
                                .build()).getError()),
                Case.presenceApi("join: chan_info over the size limit in an entry", 107, "presence_join",
                        "{\"entries\":[{\"channel\":\"chat:1\",\"client\":\"a\",\"chan_info\":" + BIG_INFO + "}]}",
                        s -> s.presenceJoin(PresenceJoinRequest.newBuilder().addEntries(entry("chat:1", "a")
                                .setChanInfo(ByteString.copyFromUtf8(BIG_INFO))).build()).getError()),
                Case.presenceApi("leave: missing client", 107, "presence_leave", "{\"channel\":\"chat:1\"}",
                        s -> s.presenceLeave(PresenceLeaveRequest.newBuilder().setChannel("chat:1").build())
                                .getError()),
                Case.presenceApi("leave: empty channel in an entry", 107, "presence_leave",
                        "{\"entries\":[{\"client\":\"a\"}]}",
                        s -> s.presenceLeave(PresenceLeaveRequest.newBuilder().addEntries(
                                PresenceLeaveEntry.newBuilder().setClient("a")).build()).getError()),
                Case.presenceApi("leave: unknown namespace", 102, "presence_leave",
                        "{\"channel\":\"nope:1\",\"client\":\"a\"}",
                        s -> s.presenceLeave(PresenceLeaveRequest.newBuilder().setChannel("nope:1").setClient("a")
                                .build()).getError()),
                Case.presenceApi("refresh: no clients", 107, "presence_refresh", "{}",
                        s -> s.presenceRefresh(PresenceRefreshRequest.getDefaultInstance()).getError()),
                Case.presenceApi("refresh: client id too long", 107, "presence_refresh",
                        "{\"clients\":[\"ok\",\"12345678901\"]}",
                        s -> s.presenceRefresh(PresenceRefreshRequest.newBuilder().addClients("ok")
                                .addClients("12345678901").build()).getError()),
                Case.presenceApi("refresh: too many clients", 107, "presence_refresh",
                        "{\"client\":\"a\",\"clients\":[\"b\",\"c\",\"d\"]}",
                        s -> s.presenceRefresh(PresenceRefreshRequest.newBuilder().setClient("a").addClients("b")
                                .addClients("c").addClients("d").build()).getError()),
                Case.presenceApi("disconnect: too many clients", 107, "presence_disconnect",
                        "{\"clients\":[\"a\",\"b\",\"c\",\"d\"]}",
                        s -> s.presenceDisconnect(PresenceDisconnectRequest.newBuilder().addAllClients(
                                List.of("a", "b", "c", "d")).build()).getError()),
                Case.presenceApi("disconnect: client id too long", 107, "presence_disconnect",
                        "{\"client\":\"12345678901\"}",
                        s -> s.presenceDisconnect(PresenceDisconnectRequest.newBuilder().setClient("12345678901")
                                .build()).getError()),
                Case.presenceApi("disconnect: empty client in the list", 107, "presence_disconnect",
                        "{\"client\":\"a\",\"clients\":[\"\"]}",
                        s -> s.presenceDisconnect(PresenceDisconnectRequest.newBuilder().setClient("a")
                                .addClients("").build()).getError()),
                Case.batch("batch: presence in a namespace without presence", 108,
                        "{\"commands\":[{\"presence\":{\"channel\":\"quiet:1\"}}]}",
                        s -> firstReplyError(s, Command.newBuilder().setPresence(presence("quiet:1")).build())),
                Case.batch("batch: presence_stats in an unknown namespace", 102,
                        "{\"commands\":[{\"presence_stats\":{\"channel\":\"nope:1\"}}]}",
                        s -> firstReplyError(s, Command.newBuilder().setPresenceStats(stats("nope:1")).build())),
                Case.batch("batch: channels with a malformed pattern", 107,
                        "{\"commands\":[{\"channels\":{\"pattern\":\"[\"}}]}",
                        s -> firstReplyError(s, Command.newBuilder().setChannels(
                                ChannelsRequest.newBuilder().setPattern("[")).build())),
                Case.batch("batch: presence_join without a client", 107,
                        "{\"commands\":[{\"presence_join\":{\"channel\":\"chat:1\"}}]}",
                        s -> firstReplyError(s, Command.newBuilder().setPresenceJoin(join("chat:1", "", "")).build())),
                Case.batch("batch: presence_leave in an unknown namespace", 102,
                        "{\"commands\":[{\"presence_leave\":{\"channel\":\"nope:1\",\"client\":\"a\"}}]}",
                        s -> firstReplyError(s, Command.newBuilder().setPresenceLeave(PresenceLeaveRequest
                                .newBuilder().setChannel("nope:1").setClient("a")).build())),
                Case.batch("batch: presence_refresh without clients", 107,
                        "{\"commands\":[{\"presence_refresh\":{}}]}",
                        s -> firstReplyError(s, Command.newBuilder().setPresenceRefresh(
                                PresenceRefreshRequest.getDefaultInstance()).build())),
                Case.batch("batch: presence_disconnect with a client id too long", 107,
                        "{\"commands\":[{\"presence_disconnect\":{\"clients\":[\"12345678901\"]}}]}",
                        s -> firstReplyError(s, Command.newBuilder().setPresenceDisconnect(
                                PresenceDisconnectRequest.newBuilder().addClients("12345678901")).build())),
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

    @Test
    void infosThatAreNotJsonAreABadRequestNamingTheField() {
        // JSON embeds conn_info and chan_info and accepts any JSON value there, so only gRPC can send bytes that
        // are not JSON: there is no HTTP input to compare with.
        Error top = stubs.presence().presenceJoin(join("chat:bad", "a", "")
                .setConnInfo(ByteString.copyFromUtf8("not json")).build()).getError();
        assertThat(top.getCode()).isEqualTo(107);
        assertThat(top.getMessage()).startsWith("bad request: conn_info: not valid JSON (");

        Error inEntry = stubs.presence().presenceJoin(join("chat:bad", "a", "").addEntries(entry("chat:bad", "b")
                .setChanInfo(ByteString.copyFromUtf8("{\"k\":"))).build()).getError();
        assertThat(inEntry.getCode()).isEqualTo(107);
        assertThat(inEntry.getMessage()).startsWith("bad request: entries[0].chan_info: not valid JSON (");

        Error inBatch = firstReplyError(grpc, Command.newBuilder().setPresenceJoin(join("chat:bad", "a", "")
                .setChanInfo(ByteString.copyFromUtf8("{oops"))).build());
        assertThat(inBatch.getCode()).isEqualTo(107);
        assertThat(inBatch.getMessage()).startsWith("bad request: chan_info: not valid JSON (");

        // None of the rejected joins stored anything.
        assertThat(grpc.presence(presence("chat:bad")).getResult().getPresenceMap()).isEmpty();
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

    private static PresenceRequest presence(String channel) {
        return PresenceRequest.newBuilder().setChannel(channel).build();
    }

    private static PresenceStatsRequest stats(String channel) {
        return PresenceStatsRequest.newBuilder().setChannel(channel).build();
    }

    private static PresenceJoinRequest.Builder join(String channel, String client, String user) {
        return PresenceJoinRequest.newBuilder().setChannel(channel).setClient(client).setUser(user);
    }

    private static PresenceJoinEntry.Builder entry(String channel, String client) {
        return PresenceJoinEntry.newBuilder().setChannel(channel).setClient(client);
    }

    private static RPCRequest rpc(String method, String params) {
        return RPCRequest.newBuilder().setMethod(method).setParams(ByteString.copyFromUtf8(params)).build();
    }
}
