package io.presenced.delivery;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.protobuf.ByteString;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.presenced.PresenceException;
import io.presenced.config.ChannelStateConfig;
import io.presenced.proto.events.NotifyUserStatusRequest;
import io.presenced.proto.events.UserEvent;
import io.presenced.proto.events.UserEventsGrpc;
import io.presenced.proto.proxy.CentrifugoProxyGrpc;
import io.presenced.proto.proxy.NotifyChannelStateRequest;
import io.presenced.state.ChannelEvent;
import io.presenced.state.EventSink;

/**
 * Delivers channel-state events with the {@code NotifyChannelState} call of
 * {@code centrifugal.centrifugo.proxy.CentrifugoProxy}, and user events with {@code NotifyUserStatus} of presenced's
 * own {@code presenced.events.UserEvents}. Success is status OK with no {@code error} in the response.
 */
public final class GrpcEventSink implements EventSink {

    private final String target;
    private final Duration timeout;
    private final ManagedChannel channel;
    private final EventNaming naming;
    private final CentrifugoProxyGrpc.CentrifugoProxyFutureStub channelStub;
    private final UserEventsGrpc.UserEventsFutureStub userStub;

    /**
     * Creates the sink for {@code host:port} over plaintext HTTP/2.
     *
     * @param headers metadata added to every call
     * @param naming  which stream's events, and so which call
     */
    public GrpcEventSink(String target, Duration timeout, Map<String, String> headers, EventNaming naming) {
        this.target = target;
        this.timeout = timeout;
        this.naming = naming;
        this.channel = NettyChannelBuilder.forTarget(target).usePlaintext().build();
        Metadata md = new Metadata();
        headers.forEach((k, v) -> md.put(Metadata.Key.of(k.toLowerCase(java.util.Locale.ROOT),
                Metadata.ASCII_STRING_MARSHALLER), v));
        this.channelStub = CentrifugoProxyGrpc.newFutureStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md));
        this.userStub = UserEventsGrpc.newFutureStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md));
    }

    @Override
    public CompletionStage<Void> send(List<ChannelEvent> events) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        if (naming == EventNaming.USERS) {
            NotifyUserStatusRequest.Builder req = NotifyUserStatusRequest.newBuilder();
            for (ChannelEvent e : events) {
                UserEvent.Builder event = UserEvent.newBuilder().setUser(e.channel()).setType(naming.type(e))
                        .setTimeMs(e.timeMs()).setId(e.id()).setVersion(e.version());
                if (e.data() != null) {
                    event.setStatus(ByteString.copyFromUtf8(e.data()));
                }
                req.addEvents(event);
            }
            settle(userStub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .notifyUserStatus(req.build()), r -> r.hasError()
                            ? r.getError().getCode() + " " + r.getError().getMessage() : null, result);
            return result;
        }
        NotifyChannelStateRequest.Builder req = NotifyChannelStateRequest.newBuilder();
        for (ChannelEvent e : events) {
            req.addEvents(io.presenced.proto.proxy.ChannelEvent.newBuilder().setChannel(e.channel())
                    .setType(e.type()).setTimeMs(e.timeMs()).setId(e.id()).setVersion(e.version()));
        }
        settle(channelStub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .notifyChannelState(req.build()), r -> r.hasError()
                        ? r.getError().getCode() + " " + r.getError().getMessage() : null, result);
        return result;
    }

    // Completes result with the call's outcome: an error in the answer (its code and message) fails it too.
    private <R> void settle(ListenableFuture<R> call, Function<R, String> errorOf, CompletableFuture<Void> result) {
        Futures.addCallback(call, new FutureCallback<R>() {
            @Override
            public void onSuccess(R r) {
                String error = errorOf.apply(r);
                if (error != null) {
                    result.completeExceptionally(new PresenceException(describe() + " answered error " + error));
                } else {
                    result.complete(null);
                }
            }

            @Override
            public void onFailure(Throwable t) {
                result.completeExceptionally(new PresenceException(describe() + ": " + t.getMessage()));
            }
        }, MoreExecutors.directExecutor());
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
