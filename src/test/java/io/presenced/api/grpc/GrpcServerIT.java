package io.presenced.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.Test;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.presenced.proto.api.CentrifugoApiGrpc.CentrifugoApiBlockingStub;
import io.presenced.proto.api.GetUserStatusRequest;
import io.presenced.testing.GrpcClients;
import io.presenced.testing.TestServer;

/**
 * The gRPC listener itself: off unless enabled, bounded request size, deadlines, and shutdown.
 */
class GrpcServerIT {

    private static GetUserStatusRequest users(int count, int length) {
        GetUserStatusRequest.Builder b = GetUserStatusRequest.newBuilder();
        for (int i = 0; i < count; i++) {
            b.addUsers(String.format("%0" + length + "d", i));
        }
        return b.build();
    }

    @Test
    void grpcApiIsOffUnlessEnabled() {
        try (TestServer server = TestServer.start("{}")) {
            assertThat(server.server().grpcAddress()).isEmpty();
            assertThatThrownBy(server::grpcChannel).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void requestOverMaxReceiveMessageSizeIsRefusedWithResourceExhausted() {
        try (TestServer server = TestServer.start(
                "{\"grpc_api\":{\"enabled\":true,\"key\":\"k\",\"max_receive_message_size\":2048}}")) {
            CentrifugoApiBlockingStub stub = GrpcClients.api(server.grpcChannel(), "k");
            GetUserStatusRequest small = users(100, 8);
            GetUserStatusRequest large = users(300, 8);
            assertThat(small.getSerializedSize()).isLessThan(2048);
            assertThat(large.getSerializedSize()).isGreaterThan(2048);

            assertThat(stub.getUserStatus(small).getResult().getStatusesCount()).isEqualTo(100);
            List<LogRecord> warnings = new CopyOnWriteArrayList<>();
            Handler recorder = new Handler() {
                @Override
                public void publish(LogRecord record) {
                    if (record.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) {
                        warnings.add(record);
                    }
                }

                @Override
                public void flush() {
                }

                @Override
                public void close() {
                }
            };
            java.util.logging.Logger.getLogger("").addHandler(recorder);
            try {
                StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
                        () -> stub.getUserStatus(large));
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                assertThat(stub.getUserStatus(small).hasResult()).as("the server keeps serving").isTrue();
            } finally {
                java.util.logging.Logger.getLogger("").removeHandler(recorder);
            }
            assertThat(warnings).as("an oversized request is the caller's problem, not a server warning")
                    .extracting(LogRecord::getMessage).isEmpty();
        }
    }

    @Test
    void callWithADeadlineIsServedWithinIt() {
        try (TestServer server = TestServer.start("{\"grpc_api\":{\"enabled\":true,\"key\":\"k\"}}")) {
            CentrifugoApiBlockingStub stub = GrpcClients.api(server.grpcChannel(), "k")
                    .withDeadlineAfter(30, TimeUnit.SECONDS);
            assertThat(stub.getUserStatus(users(1, 1)).getResult().getStatuses(0).getUser()).isEqualTo("0");
        }
    }

    @Test
    void closedServerRefusesNewCalls() throws InterruptedException {
        TestServer server = TestServer.start("{\"grpc_api\":{\"enabled\":true,\"key\":\"k\"}}");
        int port = server.server().grpcAddress().orElseThrow().getPort();
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        try {
            CentrifugoApiBlockingStub stub = GrpcClients.api(channel, "k");
            assertThat(stub.getUserStatus(users(1, 1)).hasResult()).isTrue();
            server.close();
            StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
                    () -> stub.getUserStatus(users(1, 1)));
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
