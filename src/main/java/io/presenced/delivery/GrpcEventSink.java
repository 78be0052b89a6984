package io.presenced.delivery;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.MoreExecutors;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.presenced.PresenceException;
import io.presenced.config.ChannelStateConfig;
import io.presenced.proto.proxy.CentrifugoProxyGrpc;
import io.presenced.proto.proxy.NotifyChannelStateRequest;
import io.presenced.proto.proxy.NotifyChannelStateResponse;
import io.presenced.state.ChannelEvent;
import io.presenced.state.EventSink;

/**
 * Delivers events with the {@code NotifyChannelState} call of {@code centrifugal.centrifugo.proxy.CentrifugoProxy}.
 * Success is status OK with no {@code error} in the response.
 */
public final class GrpcEventSink implements EventSink {

    private final String target;
    private final Duration timeout;
    private final ManagedChannel channel;
    private final CentrifugoProxyGrpc.CentrifugoProxyFutureStub stub;

    /**
     * Creates the sink for {@code host:port} over plaintext HTTP/2.
     *
     * @param headers metadata added to every call
     */
    public GrpcEventSink(String target, Duration timeout, Map<String, String> headers) {
        this.target = target;
        this.timeout = timeout;
        this.channel = NettyChannelBuilder.forTarget(target).usePlaintext().build();
        Metadata md = new Metadata();
        headers.forEach((k, v) -> md.put(Metadata.Key.of(k.toLowerCase(java.util.Locale.ROOT),
                Metadata.ASCII_STRING_MARSHALLER), v));
        this.stub = CentrifugoProxyGrpc.newFutureStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md));
    }

    @Override
    public CompletionStage<Void> send(List<ChannelEvent> events) {
        NotifyChannelStateRequest.Builder req = NotifyChannelStateRequest.newBuilder();
        for (ChannelEvent e : events) {
            req.addEvents(io.presenced.proto.proxy.ChannelEvent.newBuilder().setChannel(e.channel())
                    .setType(e.type()).setTimeMs(e.timeMs()).setId(e.id()).setVersion(e.version()));
        }
        CompletableFuture<Void> result = new CompletableFuture<>();
        Futures.addCallback(stub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .notifyChannelState(req.build()), new FutureCallback<NotifyChannelStateResponse>() {
                    @Override
                    public void onSuccess(NotifyChannelStateResponse r) {
                        if (r.hasError()) {
                            result.completeExceptionally(new PresenceException(describe() + " answered error "
                                    + r.getError().getCode() + " " + r.getError().getMessage()));
                        } else {
                            result.complete(null);
                        }
                    }

                    @Override
                    public void onFailure(Throwable t) {
                        result.completeExceptionally(new PresenceException(describe() + ": " + t.getMessage()));
                    }
                }, MoreExecutors.directExecutor());
        return result;
    }

    @Override
    public String describe() {
        return ChannelStateConfig.shownEndpoint("grpc://" + target);
    }

    @Override
    public void close() {
        channel.shutdown();
        try {
            if (!channel.awaitTermination(2, TimeUnit.SECONDS)) {
                channel.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            channel.shutdownNow();
        }
    }
}
