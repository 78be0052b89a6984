package io.presenced.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.presenced.proto.events.Error;
import io.presenced.proto.events.NotifyUserStatusRequest;
import io.presenced.proto.events.NotifyUserStatusResponse;
import io.presenced.proto.events.UserEvent;
import io.presenced.proto.events.UserEventsGrpc;
import io.presenced.testing.ApiClient;
import io.presenced.testing.TestServer;

/**
 * User events to a real gRPC receiver built from presenced's {@code presenced.events.UserEvents} service: online,
 * a status change with the status as JSON, offline after the grace; an error in the answer is retried with the same
 * ids.
 */
class GrpcUserEventsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<UserEvent> received = new CopyOnWriteArrayList<>();
    private final List<String> attempts = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger(1);
    private Server receiver;
    private TestServer server;
    private ApiClient api;

    @BeforeEach
    void start() throws Exception {
        UserEventsGrpc.UserEventsImplBase service = new UserEventsGrpc.UserEventsImplBase() {
            @Override
            public void notifyUserStatus(NotifyUserStatusRequest request,
                                         StreamObserver<NotifyUserStatusResponse> out) {
                NotifyUserStatusResponse.Builder r = NotifyUserStatusResponse.newBuilder();
                attempts.add(request.getEvents(0).getId());
                if (failuresLeft.getAndDecrement() > 0) {
                    r.setError(Error.newBuilder().setCode(100).setMessage("busy").setTemporary(true));
                } else {
                    received.addAll(request.getEventsList());
                }
                out.onNext(r.build());
                out.onCompleted();
            }
        };
        receiver = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(service).build()
                .start();
        server = TestServer.start("{\"user_status\":{\"offline_grace\":\"200ms\",\"proxy\":{\"endpoint\":"
                + "\"grpc://127.0.0.1:" + receiver.getPort() + "\",\"retry_max_backoff\":\"200ms\"}},"
                + "\"channel\":{\"namespaces\":[{\"name\":\"chat\",\"presence\":true}]}}");
        api = server.client();
    }

    @AfterEach
    void stop() {
        server.close();
        receiver.shutdownNow();
    }

    @Test
    void userEventsReachAGrpcReceiverInOrderWithTheStatusOfAChange() throws Exception {
        api.call("presence_join", "{\"channel\":\"chat:1\",\"client\":\"c1\",\"user\":\"g\"}");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(received).hasSize(1));
        api.call("set_user_status", "{\"user\":\"g\",\"state\":\"dnd\",\"custom\":{\"text\":\"focus\"}}");
        api.call("presence_leave", "{\"channel\":\"chat:1\",\"client\":\"c1\"}");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(received).hasSize(3));

        assertThat(received).extracting(UserEvent::getType)
                .containsExactly("user_online", "user_status", "user_offline");
        assertThat(received).extracting(UserEvent::getUser).containsOnly("g");
        assertThat(received).extracting(UserEvent::getVersion).containsExactly(1L, 2L, 3L);
        JsonNode status = JSON.readTree(received.get(1).getStatus().toStringUtf8());
        assertThat(status.path("status").asText()).isEqualTo("dnd");
        assertThat(status.path("manual_state").asText()).isEqualTo("dnd");
        assertThat(status.at("/custom/text").asText()).isEqualTo("focus");
        assertThat(status.path("online").asBoolean()).isTrue();
        assertThat(received.get(0).getStatus().isEmpty()).isTrue();
        // The refused first attempt was sent again with the same id.
        assertThat(attempts.get(0)).isEqualTo(attempts.get(1)).isEqualTo(received.get(0).getId());
    }
}
