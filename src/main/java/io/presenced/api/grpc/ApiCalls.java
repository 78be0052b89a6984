package io.presenced.api.grpc;

import java.util.concurrent.CompletionException;

import com.google.protobuf.Message;

import io.grpc.stub.StreamObserver;
import io.presenced.api.ApiException;
import io.presenced.api.ServerApi;
import io.presenced.concurrent.Futures;
import io.presenced.proto.api.BatchRequest;
import io.presenced.proto.api.BatchResponse;

/**
 * Answers gRPC calls with {@link ServerApi}: runs the mapped request and sends the response, with an API error in
 * the response's {@code error} field, or, in transport error mode, as a gRPC status. Shared by both services.
 */
final class ApiCalls {

    private final ServerApi api;
    private final ProtoBatch batch;

    ApiCalls(ServerApi api) {
        this.api = api;
        this.batch = new ProtoBatch(api);
    }

    /** Answers one call of {@code method}. */
    <P extends Message, S extends Message> void unary(ProtoMethod<P, S> method, P request, StreamObserver<S> out) {
        boolean transportErrors = ErrorModeInterceptor.isTransportMode();
        UnaryCall.run(method.name(), out, () -> method.run(api, request).thenApply(reply -> {
            if (reply.isError() && transportErrors) {
                throw GrpcErrors.toStatus(reply.error());
            }
            return method.response(reply);
        }));
    }

    /**
     * Answers one Batch call. Command errors stay in their replies whatever the error mode, as in Centrifugo; a
     * batch over the limit has no reply to carry its error, so it fails with the mapped status.
     */
    void batch(BatchRequest request, StreamObserver<BatchResponse> out) {
        UnaryCall.run(ServerApi.BATCH, out, () -> batch.run(request).exceptionally(t -> {
            Throwable cause = Futures.unwrap(t);
            if (cause instanceof ApiException) {
                throw GrpcErrors.toStatus((ApiException) cause);
            }
            throw t instanceof CompletionException ? (CompletionException) t : new CompletionException(t);
        }));
    }
}
