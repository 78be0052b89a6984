package io.presenced.state;

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

import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.presenced.proto.proxy.CentrifugoProxyGrpc;
import io.presenced.proto.proxy.ChannelEvent;
import io.presenced.proto.proxy.Error;
import io.presenced.proto.proxy.NotifyChannelStateRequest;
import io.presenced.proto.proxy.NotifyChannelStateResponse;
import io.presenced.proto.proxy.NotifyChannelStateResult;
import io.presenced.testing.ApiClient;
import io.presenced.testing.TestServer;

/**
 * Delivery to a real gRPC receiver built from our proxy proto: {@code grpc://} endpoints call
 * {@code CentrifugoProxy/NotifyChannelState}; an {@code error} in the response is retried.
 */
class GrpcStateEventsIT {

    private final List<ChannelEvent> received = new CopyOnWriteArrayList<>();
    private final List<String> tenants = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private Server receiver;
    private TestServer server;
    private ApiClient api;

    @BeforeEach
    void start() throws Exception {
        CentrifugoProxyGrpc.CentrifugoProxyImplBase service = new CentrifugoProxyGrpc.CentrifugoProxyImplBase() {
            @Override
            public void notifyChannelState(NotifyChannelStateRequest request,
                                           StreamObserver<NotifyChannelStateResponse> out) {
                NotifyChannelStateResponse.Builder r = NotifyChannelStateResponse.newBuilder();
                if (failuresLeft.getAndDecrement() > 0) {
                    r.setError(Error.newBuilder().setCode(100).setMessage("busy").setTemporary(true));
                } else {
                    received.addAll(request.getEventsList());
                    r.setResult(NotifyChannelStateResult.getDefaultInstance());
                }
                out.onNext(r.build());
                out.onCompleted();
            }
        };
        ServerInterceptor headers = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata md,
                                                               ServerCallHandler<Q, R> next) {
                tenants.add(String.valueOf(md.get(Metadata.Key.of("x-tenant", Metadata.ASCII_STRING_MARSHALLER))));
                return next.startCall(call, md);
            }
        };
        receiver = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(ServerInterceptors.intercept(service, headers)).build().start();
        server = TestServer.start("{\"engine\":{\"memory\":{\"channel_state\":{\"vacated_event_delay\":\"100ms\"}}},"
                + "\"channel\":{\"proxy\":{\"state\":{\"endpoint\":\"grpc://127.0.0.1:" + receiver.getPort() + "\","
                + "\"retry_max_backoff\":\"200ms\",\"http\":{\"static_headers\":{\"X-Tenant\":\"t9\"}}}},"
                + "\"namespaces\":[{\"name\":\"chat\",\"presence\":true,\"state_proxy_enabled\":true}]}}");
        api = server.client();
    }

    @AfterEach
    void stop() {
        server.close();
        receiver.shutdownNow();
    }

    @Test
    void occupiedAndVacatedArriveOverGrpcWithIdsAndVersions() {
        failuresLeft.set(2);
        api.callJson("presence_join", "{\"channel\":\"chat:g\",\"client\":\"a\",\"user\":\"1\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
        api.callJson("presence_leave", "{\"channel\":\"chat:g\",\"client\":\"a\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 2);

        ChannelEvent occupied = received.get(0);
        ChannelEvent vacated = received.get(1);
        assertThat(occupied.getChannel()).isEqualTo("chat:g");
        assertThat(occupied.getType()).isEqualTo("occupied");
        assertThat(occupied.getVersion()).isEqualTo(1);
        assertThat(occupied.getId()).isNotEmpty();
        assertThat(occupied.getTimeMs()).isPositive();
        assertThat(vacated.getType()).isEqualTo("vacated");
        assertThat(vacated.getVersion()).isEqualTo(2);
        assertThat(vacated.getTimeMs()).isGreaterThanOrEqualTo(occupied.getTimeMs());
        // Two answers with an error were retried before the first success.
        assertThat(server.server().stateMetrics().retried()).isGreaterThanOrEqualTo(2);
        assertThat(tenants).contains("t9");
    }
}
