package io.presenced.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.presenced.proto.api.CentrifugoApiGrpc;
import io.presenced.proto.api.CentrifugoApiGrpc.CentrifugoApiStub;
import io.presenced.proto.api.UpdateUserStatusRequest;
import io.presenced.proto.api.UpdateUserStatusResponse;

/**
 * Scenario {@code grpc-update-1}: {@code UpdateUserStatus} of one random user per call (from {@code --users}
 * ids) through the generated stub, with {@code --concurrency} calls in flight on one HTTP/2 connection. A reply
 * carrying an {@code error} counts as an error.
 */
final class GrpcUpdate {

    private GrpcUpdate() {
    }

    static void run(Args args) throws Exception {
        String[] users = userIds(args.integer("users", 100_000));
        Metadata auth = new Metadata();
        auth.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "apikey " + args.string("key"));
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", args.integer("port", 0))
                .usePlaintext().directExecutor().build();
        try {
            CentrifugoApiStub stub = CentrifugoApiGrpc.newStub(
                    ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(auth)));
            ClosedLoop.Outcome o = ClosedLoop.run(args.integer("concurrency", 50), args.decimal("warmup", 3),
                    args.decimal("duration", 10), (chain, n) -> update(stub,
                            users[ThreadLocalRandom.current().nextInt(users.length)]));
            Result.of("grpc-update-1").put("rate", o.rate()).latency("", o.latency()).put("ops", o.ops())
                    .put("errors", o.errors()).print();
            if (o.firstError() != null) {
                System.err.println("first error: " + o.firstError());
            }
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    static String[] userIds(int n) {
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) {
            ids[i] = Populate.user(i);
        }
        return ids;
    }

    private static CompletableFuture<Void> update(CentrifugoApiStub stub, String user) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        stub.updateUserStatus(UpdateUserStatusRequest.newBuilder().addUsers(user).build(),
                new StreamObserver<UpdateUserStatusResponse>() {
                    @Override
                    public void onNext(UpdateUserStatusResponse r) {
                        if (r.hasError()) {
                            done.completeExceptionally(new IllegalStateException(r.getError().toString()));
                        }
                    }

                    @Override
                    public void onError(Throwable t) {
                        done.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                        done.complete(null);
                    }
                });
        return done;
    }
}
