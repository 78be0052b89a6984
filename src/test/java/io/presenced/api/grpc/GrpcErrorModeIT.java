package io.presenced.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.presenced.proto.api.BatchRequest;
import io.presenced.proto.api.CentrifugoApiGrpc;
import io.presenced.proto.api.CentrifugoApiGrpc.CentrifugoApiBlockingStub;
import io.presenced.proto.api.Command;
import io.presenced.proto.api.Error;
import io.presenced.proto.api.GetUserStatusRequest;
import io.presenced.proto.api.PresenceJoinRequest;
import io.presenced.proto.api.PresenceRequest;
import io.presenced.proto.api.PresenceStatsRequest;
import io.presenced.proto.api.RPCRequest;
import io.presenced.proto.presence.PresenceApiGrpc;
import io.presenced.proto.presence.PresenceApiGrpc.PresenceApiBlockingStub;
import io.presenced.testing.GrpcClients;
import io.presenced.testing.TestServer;

/**
 * Transport error mode: by config for every call, or per call by {@code x-centrifugo-error-mode: transport}, an API
 * error becomes a gRPC status mapped from its code with the {@code Error} attached as a status detail. Batch is
 * never mapped.
 */
class GrpcErrorModeIT {

    private static final String CHANNELS = "\"channel\":{\"namespaces\":[{\"name\":\"chat\",\"presence\":true},"
            + "{\"name\":\"quiet\",\"presence\":false}]}";

    private static TestServer byConfig;
    private static TestServer byDefault;

    @BeforeAll
    static void start() {
        byConfig = TestServer.start("{" + CHANNELS
                + ",\"grpc_api\":{\"enabled\":true,\"key\":\"k\",\"error_mode\":\"transport\"}}");
        byDefault = TestServer.start("{\"grpc_api\":{\"enabled\":true,\"key\":\"k\"}}");
    }

    @AfterAll
    static void stop() {
        byConfig.close();
        byDefault.close();
    }

    private static CentrifugoApiBlockingStub stub(TestServer server, String... extraHeaders) {
        String[] headers = new String[extraHeaders.length + 2];
        headers[0] = "authorization";
        headers[1] = "apikey k";
        System.arraycopy(extraHeaders, 0, headers, 2, extraHeaders.length);
        return CentrifugoApiGrpc.newBlockingStub(
                GrpcClients.withHeaders(server.grpcChannel(), GrpcClients.metadata(headers)));
    }

    private static final GetUserStatusRequest NO_USERS = GetUserStatusRequest.getDefaultInstance();
    private static final String NO_USERS_MESSAGE = "bad request: users: must not be empty";

    private static StatusRuntimeException failure(Runnable call) {
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call::run);
        assertThat(e).as("call should fail with a status").isNotNull();
        return e;
    }

    private static Error detail(StatusRuntimeException e) {
        com.google.rpc.Status status = StatusProto.fromThrowable(e);
        assertThat(status).as("grpc-status-details-bin").isNotNull();
        assertThat(status.getDetailsList()).hasSize(1);
        Any any = status.getDetails(0);
        assertThat(any.getTypeUrl()).isEqualTo("type.googleapis.com/centrifugal.centrifugo.api.Error");
        try {
            return any.unpack(Error.class);
        } catch (InvalidProtocolBufferException x) {
            throw new AssertionError(x);
        }
    }

    // Makes the call, which must fail with the gRPC status and carry the API error as its detail.
    private static StatusRuntimeException assertFails(Runnable call, Status.Code status, int code, String message) {
        StatusRuntimeException e = failure(call);
        assertThat(e.getStatus().getCode()).isEqualTo(status);
        assertThat(detail(e)).isEqualTo(error(code, message));
        return e;
    }

    private static Error error(int code, String message) {
        return Error.newBuilder().setCode(code).setMessage(message).build();
    }

    @Test
    void configuredTransportModeMapsBadRequestToInvalidArgumentWithTheErrorAsDetail() {
        StatusRuntimeException e = assertFails(() -> stub(byConfig).getUserStatus(NO_USERS),
                Status.Code.INVALID_ARGUMENT, 107, NO_USERS_MESSAGE);
        assertThat(e.getStatus().getDescription()).isEqualTo(NO_USERS_MESSAGE);
    }

    @Test
    void aHugeUnknownRpcNameIsEchoedCutSoTheErrorStillFitsTheTrailers() {
        String name = "a".repeat(20_000);
        assertFails(() -> stub(byConfig).rPC(RPCRequest.newBuilder().setMethod(name).build()), Status.Code.NOT_FOUND,
                104, "not found: unknown rpc method \"" + "a".repeat(64) + "…(20000 characters)\"");
    }

    @Test
    void configuredTransportModeMapsNotFoundAndUnknownChannelToNotFound() {
        assertFails(() -> stub(byConfig).rPC(RPCRequest.newBuilder().setMethod("x").build()), Status.Code.NOT_FOUND,
                104, "not found: unknown rpc method \"x\"");
        assertFails(() -> stub(byConfig).presence(PresenceRequest.newBuilder().setChannel("nope:1").build()),
                Status.Code.NOT_FOUND, 102, "unknown channel: channel: namespace \"nope\" is not configured");
    }

    @Test
    void configuredTransportModeMapsNotAvailableToInvalidArgument() {
        assertFails(() -> stub(byConfig).presenceStats(PresenceStatsRequest.newBuilder().setChannel("quiet:1").build()),
                Status.Code.INVALID_ARGUMENT, 108,
                "not available: channel: presence is not enabled for namespace \"quiet\"");
    }

    @Test
    void presenceApiServiceFollowsTheErrorModeToo() {
        PresenceApiBlockingStub presence = PresenceApiGrpc.newBlockingStub(GrpcClients.withHeaders(
                byConfig.grpcChannel(), GrpcClients.metadata("authorization", "apikey k")));
        assertFails(() -> presence.presenceJoin(PresenceJoinRequest.newBuilder().setChannel("chat:1").build()),
                Status.Code.INVALID_ARGUMENT, 107, "bad request: client: must not be empty");
    }

    @Test
    void successfulCallsAreUnaffected() {
        assertThat(stub(byConfig).getUserStatus(GetUserStatusRequest.newBuilder().addUsers("1").build())
                .getResult().getStatuses(0).getUser()).isEqualTo("1");
    }

    @Test
    void batchKeepsCommandErrorsInItsRepliesEvenInTransportMode() {
        Error error = stub(byConfig).batch(BatchRequest.newBuilder()
                .addCommands(Command.newBuilder().setGetUserStatus(NO_USERS)).build()).getReplies(0).getError();
        assertThat(error).isEqualTo(error(107, NO_USERS_MESSAGE));
        Error viaHeader = stub(byDefault, "x-centrifugo-error-mode", "transport").batch(BatchRequest.newBuilder()
                .addCommands(Command.newBuilder().setGetUserStatus(NO_USERS)).build()).getReplies(0).getError();
        assertThat(viaHeader).isEqualTo(error);
    }

    @Test
    void metadataSwitchesOneCallToTransportMode() {
        assertFails(() -> stub(byDefault, "x-centrifugo-error-mode", "transport").getUserStatus(NO_USERS),
                Status.Code.INVALID_ARGUMENT, 107, NO_USERS_MESSAGE);
    }

    @Test
    void withoutConfigOrMetadataErrorsStayInTheResponse() {
        assertThat(stub(byDefault).getUserStatus(NO_USERS).getError()).isEqualTo(error(107, NO_USERS_MESSAGE));
        assertThat(stub(byDefault, "x-centrifugo-error-mode", "response").getUserStatus(NO_USERS).getError())
                .isEqualTo(error(107, NO_USERS_MESSAGE));
    }
}
