package io.presenced.api.grpc;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;

import io.presenced.api.ApiError;
import io.presenced.api.ApiException;
import io.presenced.api.ServerApi;
import io.presenced.proto.api.BatchRequest;
import io.presenced.proto.api.BatchResponse;
import io.presenced.proto.api.Command;
import io.presenced.proto.api.Reply;

/**
 * Batch over protobuf: each {@code Command} holds one request message in the field of its method, and gets one
 * {@code Reply} with the result in the same field number, or an error. Ordering, parallelism and the batch limit
 * are {@link ServerApi#batch(java.util.List, boolean, java.util.function.BiFunction)}'s, as for HTTP.
 */
final class ProtoBatch {

    // Centrifugo's commands that presenced does not serve (reserved in api.proto): named in the 104 error as the
    // HTTP API names them, so both transports give the same message.
    private static final Map<Integer, String> CENTRIFUGO_COMMANDS = Map.of(4, "publish", 5, "broadcast",
            6, "subscribe", 7, "unsubscribe", 8, "disconnect", 11, "history", 12, "history_remove", 15, "refresh",
            17, "connections");

    private final ServerApi api;
    private final Map<Integer, ProtoMethod<?, ?>> methods;

    ProtoBatch(ServerApi api) {
        this.api = api;
        // Loading the table runs every mapping's layout check, so a mapping that no longer matches the protos
        // stops the server at start-up instead of failing calls.
        this.methods = ProtoMethods.BY_BATCH_FIELD;
    }

    /**
     * Runs a batch. The stage fails with the {@link ApiException} of a batch over the limit; every other problem is
     * the error of one command's reply.
     */
    CompletionStage<BatchResponse> run(BatchRequest request) {
        return api.batch(request.getCommandsList(), request.getParallel(), this::command)
                .thenApply(replies -> BatchResponse.newBuilder().addAllReplies(replies).build());
    }

    private CompletionStage<Reply> command(Command command, String where) {
        Map<FieldDescriptor, Object> known = command.getAllFields();
        Map<Integer, ?> unknown = command.getUnknownFields().asMap();
        if (known.size() + unknown.size() == 0) {
            return error(ServerApi.emptyCommand(where));
        }
        if (known.size() + unknown.size() > 1) {
            return error(ServerApi.ambiguousCommand(where));
        }
        if (!unknown.isEmpty()) {
            int field = unknown.keySet().iterator().next();
            String name = CENTRIFUGO_COMMANDS.get(field);
            return error(name != null ? ServerApi.unknownMethod(name)
                    : ApiException.of(ApiError.NOT_FOUND, "unknown command field " + field));
        }
        Map.Entry<FieldDescriptor, Object> only = known.entrySet().iterator().next();
        ProtoMethod<?, ?> method = methods.get(only.getKey().getNumber());
        if (method == null) {
            return error(ApiException.of(ApiError.NOT_FOUND, "unknown command " + only.getKey().getName()));
        }
        return method.runCommand(api, (Message) only.getValue()).thenApply(method::reply);
    }

    private static CompletionStage<Reply> error(ApiException e) {
        return CompletableFuture.completedFuture(Reply.newBuilder().setError(GrpcErrors.toProto(e)).build());
    }
}
