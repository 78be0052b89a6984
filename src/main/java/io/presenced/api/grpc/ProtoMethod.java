package io.presenced.api.grpc;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.presenced.api.ApiException;
import io.presenced.api.ApiReply;
import io.presenced.api.ServerApi;
import io.presenced.proto.api.Command;
import io.presenced.proto.api.Error;
import io.presenced.proto.api.Reply;

/**
 * How one server-API method appears in protobuf: how its request message runs through {@link ServerApi}, how a
 * successful reply becomes its result message, and where both go: field 1 ({@code error}) or 2 ({@code result}) of
 * its response, and its field in Batch's {@code Command} and {@code Reply}.
 *
 * <p>Immutable and thread-safe. The layout is checked when the method is created, so a table of methods that
 * does not match the protos fails at class initialisation, not on a call.
 *
 * @param <P> the request message
 * @param <S> the response message
 */
final class ProtoMethod<P extends Message, S extends Message> {

    private static final Logger log = LoggerFactory.getLogger(ProtoMethod.class);

    private final String name;
    private final int batchField;
    private final S responsePrototype;
    private final BiFunction<ServerApi, P, CompletionStage<ApiReply>> call;
    private final Function<ApiReply, ? extends Message> result;

    private ProtoMethod(String name, int batchField, S responsePrototype,
                        BiFunction<ServerApi, P, CompletionStage<ApiReply>> call,
                        Function<ApiReply, ? extends Message> result) {
        this.name = requireNonNull(name, "name");
        this.batchField = batchField;
        this.responsePrototype = requireNonNull(responsePrototype, "responsePrototype");
        this.call = requireNonNull(call, "call");
        this.result = requireNonNull(result, "result");
        checkLayout();
    }

    /**
     * Returns the mapping of a method that {@link ServerApi} serves under {@code name}.
     *
     * @param batchField its field number in {@code Command} and {@code Reply}
     * @param response   the response's default instance
     * @param request    builds the method's request record from the message
     * @param result     builds the result message from the method's typed result
     * @param <Q>        the method's request record
     * @param <R>        the method's typed result
     */
    static <P extends Message, Q, R, S extends Message> ProtoMethod<P, S> of(
            String name, int batchField, S response, Function<P, Q> request, Function<R, ? extends Message> result) {
        @SuppressWarnings("unchecked")
        Function<ApiReply, ? extends Message> typed = reply -> result.apply((R) reply.value());
        return new ProtoMethod<>(name, batchField, response, (api, p) -> api.invoke(name, request.apply(p)), typed);
    }

    /**
     * Returns the mapping of a method that {@link ServerApi} serves under {@code name} and whose result message is
     * always empty: the default instance of the response's field 2, whatever the method's typed result.
     *
     * @param batchField its field number in {@code Command} and {@code Reply}
     * @param response   the response's default instance
     * @param request    builds the method's request record from the message
     * @param <Q>        the method's request record
     */
    static <P extends Message, Q, S extends Message> ProtoMethod<P, S> ofEmptyResult(
            String name, int batchField, S response, Function<P, Q> request) {
        FieldDescriptor resultField = response.getDescriptorForType().findFieldByNumber(2);
        // A response without a message in field 2 fails the layout check when the method is created.
        Object empty = resultField == null ? null : response.getField(resultField);
        return new ProtoMethod<>(name, batchField, response, (api, p) -> api.invoke(name, request.apply(p)),
                reply -> (Message) empty);
    }

    /** Returns the mapping of a method that runs through its own entry point of {@link ServerApi}, such as RPC. */
    static <P extends Message, S extends Message> ProtoMethod<P, S> custom(
            String name, int batchField, S response, BiFunction<ServerApi, P, CompletionStage<ApiReply>> call,
            Function<ApiReply, ? extends Message> result) {
        return new ProtoMethod<>(name, batchField, response, call, result);
    }

    /** Returns the server-API method name, as in {@code /api/<name>}. */
    String name() {
        return name;
    }

    /** Returns the field number in {@code Command} and {@code Reply}, or 0 when Batch does not carry it. */
    int batchField() {
        return batchField;
    }

    /** Runs {@code request}. The stage never fails: every failure is an error reply. */
    CompletionStage<ApiReply> run(ServerApi api, P request) {
        try {
            return call.apply(api, request);
        } catch (ApiException e) {
            return CompletableFuture.completedFuture(ApiReply.error(e));
        } catch (RuntimeException e) {
            log.error("[{}] unexpected failure", name, e);
            return CompletableFuture.completedFuture(ApiReply.error(ApiException.internal(String.valueOf(
                    e.getMessage()), e)));
        }
    }

    /** Runs a Batch command's message, which must be this method's request message. */
    @SuppressWarnings("unchecked")
    CompletionStage<ApiReply> runCommand(ServerApi api, Message request) {
        return run(api, (P) request);
    }

    /** Returns the response carrying {@code reply}: its result message in field 2, or its error in field 1. */
    @SuppressWarnings("unchecked")
    S response(ApiReply reply) {
        Message.Builder b = responsePrototype.newBuilderForType();
        Object resultOrError = resultOrError(reply);
        b.setField(responsePrototype.getDescriptorForType().findFieldByNumber(
                resultOrError instanceof Error ? 1 : 2), resultOrError);
        return (S) b.build();
    }

    /** Returns the Batch reply carrying {@code reply}: its result message in {@link #batchField}, or its error. */
    Reply reply(ApiReply reply) {
        Object resultOrError = resultOrError(reply);
        if (resultOrError instanceof Error) {
            return Reply.newBuilder().setError((Error) resultOrError).build();
        }
        return Reply.newBuilder().setField(Reply.getDescriptor().findFieldByNumber(batchField), resultOrError)
                .build();
    }

    private Object resultOrError(ApiReply reply) {
        if (reply.isError()) {
            return GrpcErrors.toProto(reply.error());
        }
        try {
            return result.apply(reply);
        } catch (RuntimeException e) {
            log.error("[{}] cannot map the result to protobuf", name, e);
            return GrpcErrors.toProto(ApiException.internal("cannot encode the result", e));
        }
    }

    private void checkLayout() {
        Descriptor response = responsePrototype.getDescriptorForType();
        FieldDescriptor error = response.findFieldByNumber(1);
        FieldDescriptor resultField = response.findFieldByNumber(2);
        if (error == null || error.getJavaType() != FieldDescriptor.JavaType.MESSAGE
                || !error.getMessageType().equals(Error.getDescriptor())
                || resultField == null || resultField.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
            throw new IllegalArgumentException(response.getFullName()
                    + ": expected Error error = 1 and a result message = 2");
        }
        if (batchField == 0) {
            return;
        }
        FieldDescriptor command = Command.getDescriptor().findFieldByNumber(batchField);
        FieldDescriptor reply = Reply.getDescriptor().findFieldByNumber(batchField);
        if (command == null || reply == null || reply.getJavaType() != FieldDescriptor.JavaType.MESSAGE
                || !reply.getMessageType().equals(resultField.getMessageType())) {
            throw new IllegalArgumentException(name + ": expected Command and Reply field " + batchField
                    + " with the result type " + resultField.getMessageType().getFullName());
        }
    }
}
