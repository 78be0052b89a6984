package io.presenced.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import ch.qos.logback.classic.Level;
import io.grpc.Channel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.presenced.PresenceServer;
import io.presenced.proto.api.CentrifugoApiGrpc;
import io.presenced.proto.api.GetUserStatusRequest;
import io.presenced.proto.api.GetUserStatusResponse;
import io.presenced.proto.api.PresenceJoinRequest;
import io.presenced.proto.api.PresenceJoinResponse;
import io.presenced.proto.api.PresenceRequest;
import io.presenced.proto.presence.PresenceApiGrpc;
import io.presenced.testing.GrpcClients;
import io.presenced.testing.LogCapture;
import io.presenced.testing.TestServer;

/**
 * The gRPC API key: with a key set, only {@code authorization: apikey <KEY>} (first value, exact) gets in; without
 * one the API is open, and the start-up log says so.
 */
class GrpcAuthIT {

    private static final String KEY = "s3cret";
    private static final GetUserStatusRequest GET = GetUserStatusRequest.newBuilder().addUsers("1").build();

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start("{\"channel\":{\"namespaces\":[{\"name\":\"chat\",\"presence\":true}]},"
                + "\"grpc_api\":{\"enabled\":true,\"key\":\"" + KEY + "\"}}");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static GetUserStatusResponse get(Metadata headers) {
        Channel channel = GrpcClients.withHeaders(server.grpcChannel(), headers);
        return CentrifugoApiGrpc.newBlockingStub(channel).getUserStatus(GET);
    }

    private static void assertUnauthenticated(Runnable call) {
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call::run);
        assertThat(e).as("call should be refused").isNotNull();
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(e.getStatus().getDescription()).isEqualTo("unauthenticated");
    }

    @Test
    void callWithoutMetadataIsUnauthenticated() {
        assertUnauthenticated(() -> CentrifugoApiGrpc.newBlockingStub(server.grpcChannel()).getUserStatus(GET));
    }

    @Test
    void callWithTheWrongKeyIsUnauthenticated() {
        assertUnauthenticated(() -> get(GrpcClients.metadata("authorization", "apikey wrong")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Apikey s3cret", "APIKEY s3cret", "apikey  s3cret", "apikey s3cret ", "s3cret",
            "Bearer s3cret", "apikey", "apikey S3CRET"})
    void onlyTheExactFormIsAccepted(String authorization) {
        assertUnauthenticated(() -> get(GrpcClients.metadata("authorization", authorization)));
    }

    @Test
    void callWithTheKeyIsServed() {
        GetUserStatusResponse r = get(GrpcClients.metadata("authorization", "apikey " + KEY));
        assertThat(r.getResult().getStatuses(0).getUser()).isEqualTo("1");
    }

    @Test
    void onlyTheFirstAuthorizationValueCounts() {
        assertUnauthenticated(() -> get(GrpcClients.metadata(
                "authorization", "apikey wrong", "authorization", "apikey " + KEY)));
        assertThat(get(GrpcClients.metadata("authorization", "apikey " + KEY, "authorization", "apikey wrong"))
                .hasResult()).isTrue();
    }

    @Test
    void presenceApiServiceIsProtectedToo() {
        assertUnauthenticated(() -> PresenceApiGrpc.newBlockingStub(server.grpcChannel())
                .presenceJoin(join("refused-1")));
        assertUnauthenticated(() -> PresenceApiGrpc.newBlockingStub(GrpcClients.withHeaders(server.grpcChannel(),
                GrpcClients.metadata("authorization", "apikey wrong"))).presenceJoin(join("refused-2")));

        PresenceJoinResponse served = GrpcClients.presenceApi(server.grpcChannel(), KEY).presenceJoin(join("c1"));
        assertThat(served.hasError()).as("%s", served.getError()).isFalse();
        assertThat(served.hasResult()).isTrue();
        // The refused calls were stopped before the request was run: only the served join is present.
        assertThat(GrpcClients.api(server.grpcChannel(), KEY).presence(PresenceRequest.newBuilder()
                .setChannel("chat:auth").build()).getResult().getPresenceMap()).containsOnlyKeys("c1");
    }

    private static PresenceJoinRequest join(String client) {
        return PresenceJoinRequest.newBuilder().setChannel("chat:auth").setClient(client).setUser("42").build();
    }

    @Test
    void withoutAKeyTheApiIsOpenAndStartUpWarns() {
        try (LogCapture log = LogCapture.of(PresenceServer.class, Level.INFO);
             TestServer open = TestServer.start("{\"grpc_api\":{\"enabled\":true}}")) {
            GetUserStatusResponse r = CentrifugoApiGrpc.newBlockingStub(open.grpcChannel()).getUserStatus(GET);
            assertThat(r.getResult().getStatuses(0).getUser()).isEqualTo("1");
            int port = open.server().grpcAddress().orElseThrow().getPort();
            assertThat(log.messagesAtLeast(Level.WARN)).anySatisfy(m -> assertThat(m)
                    .contains("gRPC API on", ":" + port, "NO authentication", "grpc_api.key is empty"));
        }
    }

    @Test
    void startUpLineNamesTheGrpcAddress() {
        try (LogCapture log = LogCapture.of(PresenceServer.class, Level.INFO);
             TestServer other = TestServer.start("{\"grpc_api\":{\"enabled\":true,\"key\":\"x\"}}")) {
            int port = other.server().grpcAddress().orElseThrow().getPort();
            assertThat(log.messagesAtLeast(Level.INFO)).anySatisfy(m -> assertThat(m).startsWith("presenced started:")
                    .contains("gRPC API /127.0.0.1:" + port + " (protected by API key)"));
            assertThat(log.messagesAtLeast(Level.WARN)).isEmpty();
        }
    }
}
